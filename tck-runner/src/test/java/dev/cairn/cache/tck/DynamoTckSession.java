package dev.cairn.cache.tck;

import dev.cairn.cache.store.dynamodb.DynaliteServer;
import dev.cairn.cache.store.dynamodb.DynamoStoreProvider;
import java.net.URI;
import java.util.Properties;

/**
 * Gives the TCK run a private {@link DynaliteServer} when {@value RedisTckSession#STORE_PROPERTY} is
 * {@code dynamodb} (see {@link ServerTckSession}).
 *
 * <p>The TCK's MBean lookups cannot take a '?' in the manager URI, and a DynamoDB URI names its endpoint in one. So
 * the session creates the table through a full URI once, then points the run at {@code dynamodb://cairn-test} and
 * gives the AWS SDK the endpoint, region and a dummy key pair through its own system properties
 * ({@code aws.endpointUrl}, {@code aws.region}, {@code aws.accessKeyId}, {@code aws.secretAccessKey}): the path a
 * deployment takes when its environment, not the URI, says where DynamoDB is.
 *
 * <p>Registered through {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 */
public final class DynamoTckSession extends ServerTckSession<DynaliteServer> {

  @Override
  String store() {
    return "dynamodb";
  }

  @Override
  DynaliteServer start() {
    DynaliteServer server = DynaliteServer.start();
    new DynamoStoreProvider().open(server.uri(""), new Properties(), getClass().getClassLoader()).close();
    return server;
  }

  @Override
  URI uri(DynaliteServer server) {
    System.setProperty("aws.endpointUrl", server.endpoint());
    System.setProperty("aws.region", "us-east-1");
    System.setProperty("aws.accessKeyId", "cairn-tck");
    System.setProperty("aws.secretAccessKey", "cairn-tck");
    return URI.create("dynamodb://" + DynaliteServer.TABLE);
  }
}
