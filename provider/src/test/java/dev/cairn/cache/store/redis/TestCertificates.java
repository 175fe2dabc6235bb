package dev.cairn.cache.store.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority and a server certificate it signed for {@code localhost}, made with the JDK's
 * {@code keytool} in a directory, as PEM files redis-server and Lettuce read.
 *
 * @param caCertificate the authority's certificate, to trust
 * @param serverCertificate the server's certificate, signed by the authority
 * @param serverKey the server's private key (PKCS#8)
 */
record TestCertificates(Path caCertificate, Path serverCertificate, Path serverKey) {

  private static final String PASSWORD = "test-only";

  /** Makes a new authority named {@code name} and, with it, a server certificate. */
  static TestCertificates create(Path directory, String name) throws IOException, InterruptedException {
    Path ca = directory.resolve(name + "-ca.p12");
    Path server = directory.resolve(name + "-server.p12");
    Path request = directory.resolve(name + "-server.csr");
    TestCertificates files = new TestCertificates(directory.resolve(name + "-ca.pem"),
        directory.resolve(name + "-server.pem"), directory.resolve(name + "-server.key"));
    keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=" + name + " test CA", "-ext", "bc:c", "-keystore", ca.toString());
    keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(),
        "-file", files.caCertificate().toString());
    keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=localhost", "-keystore", server.toString());
    keytool("-certreq", "-alias", "server", "-keystore", server.toString(), "-file", request.toString());
    keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-infile", request.toString(),
        "-outfile", files.serverCertificate().toString(), "-validity", "2",
        "-ext", "SAN=dns:localhost,ip:127.0.0.1");
    Files.writeString(files.serverKey(), pem(privateKey(server)), StandardCharsets.US_ASCII);
    return files;
  }

  private static Key privateKey(Path keyStore) throws IOException {
    try (InputStream in = Files.newInputStream(keyStore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, PASSWORD.toCharArray());
      return store.getKey("server", PASSWORD.toCharArray());
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the key from " + keyStore, e);
    }
  }

  private static String pem(Key key) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
    return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
  }

  private static void keytool(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(arguments));
    command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-noprompt"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("keytool " + arguments[0] + " failed: " + output);
    }
  }
}
