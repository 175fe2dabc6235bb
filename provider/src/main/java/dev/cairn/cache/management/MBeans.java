package dev.cairn.cache.management;

import java.lang.management.ManagementFactory;
import javax.cache.CacheException;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Registers a cache's MXBeans in the platform MBean server under the names the spec gives:
 * {@code javax.cache:type=CacheStatistics|CacheConfiguration,CacheManager=<uri>,Cache=<name>}, where {@code <uri>}
 * is the manager's URI without user info ({@code CairnCacheManager#description()}): MBean names are visible to
 * every JMX client, and must never show a Redis password.
 */
public final class MBeans {

  /** The two kinds of bean a cache may register. */
  public enum Type {
    CacheConfiguration, CacheStatistics
  }

  private MBeans() {
  }

  /** Registers {@code bean}, replacing nothing: registering twice is a no-op. */
  public static void register(Object bean, Type type, String manager, String cache) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = name(type, manager, cache);
    try {
      if (!server.isRegistered(name)) {
        server.registerMBean(bean, name);
      }
    } catch (InstanceAlreadyExistsException e) {
      // registered concurrently by the same cache: the outcome we wanted
    } catch (Exception e) {
      throw new CacheException("cannot register MBean " + name, e);
    }
  }

  /** Unregisters the bean if it is registered. */
  public static void unregister(Type type, String manager, String cache) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = name(type, manager, cache);
    try {
      server.unregisterMBean(name);
    } catch (InstanceNotFoundException e) {
      // not registered: nothing to undo
    } catch (Exception e) {
      throw new CacheException("cannot unregister MBean " + name, e);
    }
  }

  static ObjectName name(Type type, String manager, String cache) {
    try {
      return new ObjectName("javax.cache:type=" + type + ",CacheManager=" + safe(manager)
          + ",Cache=" + safe(cache));
    } catch (MalformedObjectNameException e) {
      throw new CacheException("cannot name MBean for cache " + cache, e);
    }
  }

  /**
   * ObjectName values may not contain these characters unquoted; {@code *} and {@code ?} would even make the name a
   * pattern, which cannot be registered (a store URI with a query, such as {@code redis://h:6379?prefix=app}).
   */
  private static String safe(String value) {
    return value == null ? "" : value.replaceAll("[,:=*?\"\\n]", ".");
  }
}
