/** The {@code dynamodb://} store: Cairn caches in a DynamoDB table, on the AWS SDK for Java v2. */
@NullMarked
package dev.cairn.cache.store.dynamodb;

import org.jspecify.annotations.NullMarked;
