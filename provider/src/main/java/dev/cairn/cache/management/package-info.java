/** JMX: the statistics and configuration MXBeans the spec defines, and their registration. */
@NullMarked
package dev.cairn.cache.management;

import org.jspecify.annotations.NullMarked;
