package io.herald.devkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class against the one Apicurio Registry shared by every test in this
 * JVM (compatibility {@code BACKWARD}), starting it before the class if no earlier class did.
 *
 * <p>Declare a parameter of type {@link io.herald.devkit.registry.SchemaRegistryEndpoint} or
 * {@link io.herald.devkit.registry.ApicurioRegistry} to receive it. Use unique subject names:
 * schemas registered by other classes stay registered.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(HeraldInfraExtension.class)
public @interface WithRegistry {
}
