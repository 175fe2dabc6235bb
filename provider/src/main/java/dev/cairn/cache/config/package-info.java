/**
 * Cache configuration: {@code CairnConfiguration}, the settings it resolves to, and the YAML configuration documents.
 */
@NullMarked
package dev.cairn.cache.config;

import org.jspecify.annotations.NullMarked;
