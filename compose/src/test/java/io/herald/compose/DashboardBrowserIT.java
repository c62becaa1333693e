package io.herald.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.analytics.report.Filter;
import io.herald.analytics.report.Reports;
import io.herald.analytics.report.Table;
import io.herald.contracts.ControlCommand;
import io.herald.contracts.ControlType;
import io.herald.contracts.HealthState;
import io.herald.devkit.script.ScriptHandle;
import io.herald.devkit.smtp.Replies;
import io.herald.devkit.smtp.SmtpReply;
import io.herald.schemas.registry.RegistryConfig;
import io.herald.schemas.registry.SchemaRegistryClients;
import io.herald.schemas.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The operators' dashboard in a real headless Chromium, served by the local stack while traffic flows and an
 * operator has forced {@code smtp-primary} DOWN with a control record. The page must load without console
 * errors and show the provider DOWN. A screenshot is written to {@code target/dashboard.png}, and to the
 * path in {@code -Dherald.dashboard.screenshot} when given (that is how {@code docs/img/dashboard.png} is made).
 */
class DashboardBrowserIT {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    @TempDir
    static Path dir;
    private static LocalStack stack;
    private static StackClient client;

    @BeforeAll
    static void start() {
        stack = new LocalStack(LocalStackConfig.ephemeral(dir), Map.of("HERALD_RETRY_TIERS", "1s")).start();
        client = new StackClient(stack);
        await().atMost(Duration.ofSeconds(120)).until(() -> stack.router().isReady() && stack.ingest().ready()
                && stack.workers().ready() && stack.analytics().ready());
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
    }

    @Test
    void theDashboardShowsAProviderTheOperatorForcedDownWithoutConsoleErrors() throws Exception {
        // Traffic: some codes delivered, some mail deferred by the primary with 451 4.3.2 (so it fails over).
        List<String> ids = new java.util.ArrayList<>();
        try (ScriptHandle<SmtpReply> outage = stack.smtp().script(Replies.deferAll451().forRecipient("grace@example.com"))) {
            for (int i = 0; i < 6; i++) ids.add(client.post("critical", "dash-ok-" + i, "ada@example.com", "[\"email\"]"));
            for (int i = 0; i < 4; i++) ids.add(client.post("critical", "dash-451-" + i, "grace@example.com", "[\"email\"]"));
            await().atMost(Duration.ofSeconds(90)).until(() -> client.delivered(ids) == ids.size());
        }
        forceDown("smtp-primary");
        await().atMost(Duration.ofSeconds(60)).until(() -> state("smtp-primary").equals("DOWN"));
        List<String> failedOver = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) failedOver.add(client.post("transactional", "dash-tx-" + i, "ada@example.com", "[\"email\"]"));
        await().atMost(Duration.ofSeconds(90)).until(() -> client.delivered(failedOver) == failedOver.size());
        // Then the secondary too: bulk mail parks, and the dashboard shows a backlog.
        forceDown("smtp-secondary");
        await().atMost(Duration.ofSeconds(60)).until(() -> state("smtp-secondary").equals("DOWN"));
        for (int i = 0; i < 5; i++) client.post("bulk", "dash-bulk-" + i, "lin@example.com", "[\"email\"]");
        await().atMost(Duration.ofSeconds(60)).until(() -> !stack.analytics().reports().run(Reports.PARKED, Filter.all()).rows().isEmpty());

        ChromeDriver browser = browser();
        try {
            browser.get(stack.analytics().url() + "/dashboard?refresh=1000");
            WebElement primary = awaitElement(browser, By.id("provider-smtp-primary"));
            await().atMost(Duration.ofSeconds(30)).until(() -> "DOWN".equals(
                    browser.findElement(By.id("provider-smtp-primary")).getAttribute("data-state")));
            assertThat(browser.findElement(By.cssSelector("#provider-smtp-primary .state")).getText()).isEqualTo("DOWN");
            assertThat(primary.isDisplayed()).isTrue();
            // The charts drew (uPlot canvases) once outcomes reached the store.
            await().atMost(Duration.ofSeconds(30)).until(() -> !browser.findElements(By.cssSelector("#throughput canvas")).isEmpty());
            assertThat(browser.findElement(By.id("funnel")).getText()).contains("accepted").contains("sent");
            assertThat(browser.findElement(By.id("codes")).getText()).contains("451 4.3.2");
            assertThat(browser.findElements(By.cssSelector("#parked canvas"))).isNotEmpty();

            List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
            assertThat(errors).as("console errors").isEmpty();
            screenshot(browser);
        } finally {
            browser.quit();
        }
    }

    private static String state(String provider) {
        Table providers = stack.analytics().reports().run(Reports.PROVIDERS, Filter.all());
        for (int r = 0; r < providers.rows().size(); r++) {
            if (provider.equals(providers.value(r, "provider_id"))) return (String) providers.value(r, "state");
        }
        return "unknown";
    }

    private static void forceDown(String provider) throws Exception {
        Topics topics = Topics.create(SchemaRegistryClients.forConfig(RegistryConfig.of(stack.registry().confluentApiUrl())));
        String target = "provider:" + provider;
        ControlCommand command = ControlCommand.newBuilder().setCommandId(UUID.randomUUID().toString())
                .setType(ControlType.FORCE_PROVIDER_STATE).setTarget(target).setProviderId(provider)
                .setForcedState(HealthState.DOWN).setIssuedBy("oncall@local").setReason("dashboard test").setAt(Instant.now())
                .build();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", stack.kafka().bootstrapServers()),
                topics.control().keySerde().serializer(), topics.control().valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topics.control().name(), target, command)).get();
        }
    }

    private static ChromeDriver browser() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1400,1300");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1400, 1300));
        return driver;
    }

    private static WebElement awaitElement(ChromeDriver browser, By by) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !browser.findElements(by).isEmpty());
        return browser.findElement(by);
    }

    private static void screenshot(ChromeDriver browser) throws Exception {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(Path.of("target", "dashboard.png"), png);
        String copy = System.getProperty("herald.dashboard.screenshot");
        if (copy != null && !copy.isBlank()) {
            Path out = Path.of(copy);
            if (out.getParent() != null) Files.createDirectories(out.getParent());
            Files.write(out, png);
        }
    }
}
