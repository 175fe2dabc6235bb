/** Spring Boot auto-configuration for Cairn: {@code cairn.uri}, health indicators and Micrometer meters. */
@NullMarked
package dev.cairn.cache.spring.boot;

import org.jspecify.annotations.NullMarked;
