package io.twinhub.core.session;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The threading contract, written where a reader needs it: a method so marked may run only on
 * the {@link SessionLoop} that currently owns the session (see {@link Session#owner()}).
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.TYPE, ElementType.FIELD})
public @interface OwnerOnly {
}
