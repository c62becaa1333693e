package io.herald.devkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class against the one embedded Kafka broker shared by every test in
 * this JVM, starting it before the class if no earlier class did.
 *
 * <p>Declare a parameter of type {@link io.herald.devkit.kafka.KafkaCluster} (or
 * {@link io.herald.devkit.kafka.EmbeddedKafka} to stop and restart it) on a constructor, a
 * lifecycle method or a test method to receive it. Name topics with
 * {@link io.herald.devkit.kafka.TopicNames#unique(String)}: the broker outlives the class.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(HeraldInfraExtension.class)
public @interface WithKafka {
}
