/**
 * Store call instrumentation: a decorator around each cache's store that tells listeners (such as the Spring Boot
 * starter's meters) which store operation ran, how long it took and whether it failed; one volatile read per call
 * while nobody listens.
 */
package dev.cairn.cache.instrument;
