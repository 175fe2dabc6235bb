package dev.cairn.cache.store.file;

import dev.cairn.cache.store.StoreException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.ReflectionException;

/**
 * One copy of Cairn's claim, JVM-wide, on a disk store directory: the right to open its lock file at all (see
 * {@link DirectoryLock} for why opening it is already too much for a second copy). Copies of Cairn loaded by
 * different class loaders share no static state, so the claim lives in the one named registry every class loader
 * of a JVM sees, the platform MBean server, as {@code dev.cairn:type=DiskDirectoryLock,directory="<real path>"}.
 * Registering a name that is taken fails atomically, so exactly one copy holds a claim at a time. (System
 * properties could hold such a registry too, but a non-string value there breaks code that lists or stores them.)
 *
 * <p>Keyed by the real path, not the inode: a manager leaked on a deleted directory would otherwise refuse a new
 * directory that reuses the number. Two paths to one directory (a bind mount) are left to {@link DirectoryLock},
 * which refuses the second without closing anything.
 *
 * <p>The MBean's read-only attributes {@code Directory} and {@code Holder} tell the refused copy, and anyone
 * looking with a JMX console, who holds the directory. A copy that never releases its claim keeps it, and its class
 * loader, until the JVM exits, as it keeps the lock itself.
 *
 * <p>Thread-safe.
 */
final class DirectoryClaim {

  private final ObjectName name;

  private DirectoryClaim(ObjectName name) {
    this.name = name;
  }

  /**
   * Claims {@code directory} for this copy of Cairn; {@code holder} says who holds it (process, host, since when).
   *
   * @throws StoreException naming the holder if another copy of Cairn in this JVM has the claim
   */
  static DirectoryClaim register(Path directory, String holder) throws IOException {
    String identity = directory.toRealPath().toString();
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      ObjectName name = new ObjectName("dev.cairn:type=DiskDirectoryLock,directory=" + ObjectName.quote(identity));
      try {
        server.registerMBean(new Claim(directory.toString(), holder + " (class loader "
            + DirectoryClaim.class.getClassLoader() + ")"), name);
        return new DirectoryClaim(name);
      } catch (InstanceAlreadyExistsException e) {
        Object other;
        try {
          other = server.getAttribute(name, Claim.HOLDER);
        } catch (InstanceNotFoundException released) {
          other = "a copy that has just released it";
        }
        throw new StoreException("the disk store directory " + directory + " is in use by this process (pid "
            + ProcessHandle.current().pid() + "), by another copy of Cairn loaded by another class loader: "
            + other + ". Only one copy of Cairn per process may open a directory; load Cairn once, in a class "
            + "loader both users share, so that their managers share the directory");
      }
    } catch (JMException e) {
      throw new StoreException("cannot register the claim on " + directory + " with the platform MBean server", e);
    }
  }

  /** Gives up the claim; call only once the lock file is closed. */
  void release() {
    try {
      ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
    } catch (InstanceNotFoundException e) {
      // already gone: nothing to give up
    } catch (JMException e) {
      throw new StoreException("cannot unregister the claim " + name, e);
    }
  }

  /**
   * The JVM-wide record of a claim: read-only attributes {@code Directory} and {@code Holder}. A dynamic MBean, so
   * that other copies of Cairn read it through JDK types only.
   */
  private static final class Claim implements DynamicMBean {

    static final String DIRECTORY = "Directory";
    static final String HOLDER = "Holder";

    private final String directory;
    private final String holder;

    Claim(String directory, String holder) {
      this.directory = directory;
      this.holder = holder;
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
      return switch (attribute) {
        case DIRECTORY -> directory;
        case HOLDER -> holder;
        default -> throw new AttributeNotFoundException(attribute);
      };
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
      throw new AttributeNotFoundException(attribute.getName() + " is read-only");
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
      AttributeList list = new AttributeList();
      for (String attribute : attributes) {
        try {
          list.add(new Attribute(attribute, getAttribute(attribute)));
        } catch (AttributeNotFoundException e) {
          // the JMX contract: unknown attributes are left out of the list
        }
      }
      return list;
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
      return new AttributeList();
    }

    @Override
    public Object invoke(String action, Object[] params, String[] signature) throws ReflectionException {
      throw new ReflectionException(new NoSuchMethodException(action), "a directory claim has no operations");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
      return new MBeanInfo(Claim.class.getName(), "A copy of Cairn's claim on a disk store directory",
          new MBeanAttributeInfo[] {
              new MBeanAttributeInfo(DIRECTORY, String.class.getName(), "the directory", true, false, false),
              new MBeanAttributeInfo(HOLDER, String.class.getName(), "process, host, time and class loader", true,
                  false, false)},
          null, null, null);
    }
  }
}
