/** Spring Boot auto-configuration for Cairn: {@code cairn.uri}, health indicators and Micrometer meters. */
package dev.cairn.cache.spring.boot;
