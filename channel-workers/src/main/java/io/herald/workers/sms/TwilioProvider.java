package io.herald.workers.sms;

import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import io.herald.contracts.Channel;
import io.herald.contracts.DispatchCommand;
import io.herald.workers.channel.AttemptResult;
import io.herald.workers.channel.ChannelProvider;
import io.herald.workers.classify.Failure;
import java.util.regex.Pattern;

/** SMS through Twilio's Messages API with the SDK's retries disabled. Thread-safe. */
public final class TwilioProvider implements ChannelProvider {
    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{6,14}");
    private final TwilioConfig config;
    private final TwilioRestClient client;
    private final HeraldTwilioHttpClient http;

    public TwilioProvider(TwilioConfig config) {
        this.config = config;
        this.http = new HeraldTwilioHttpClient(config.apiBaseUrl(), config.connectTimeout(), config.readTimeout(),
                config.maxConnections());
        this.client = new TwilioRestClient.Builder(config.accountSid(), config.authToken()).httpClient(http).build();
    }

    @Override
    public String id() {
        return config.id();
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public AttemptResult send(DispatchCommand command) {
        String to = command.getAddress();
        // Not even worth a request: Twilio would answer 21211 and we would pay the round trip.
        if (to == null || !E164.matcher(to).matches()) {
            return new AttemptResult.Failed(new Failure.Refused("invalid-address", "recipient is not an E.164 number"));
        }
        String body = command.getContent().getSmsText() != null ? command.getContent().getSmsText() : command.getContent().getText();
        MessageCreator creator = config.from() != null
                ? Message.creator(new PhoneNumber(to), new PhoneNumber(config.from()), body)
                : Message.creator(new PhoneNumber(to), config.messagingServiceSid(), body);
        try {
            Message message = creator.create(client);
            return new AttemptResult.Sent("twilio:201", segments(message.getNumSegments(), body));
        } catch (RuntimeException e) {
            return new AttemptResult.Failed(TwilioFailures.describe(e));
        }
    }

    static int segments(String reported, String body) {
        try {
            if (reported != null) return Integer.parseInt(reported.trim());
        } catch (NumberFormatException ignored) {
            // fall back to our own count
        }
        return SmsSegments.count(body);
    }

    @Override
    public void close() {
        http.close();
    }
}
