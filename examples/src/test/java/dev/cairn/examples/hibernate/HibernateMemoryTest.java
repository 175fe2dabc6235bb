package dev.cairn.examples.hibernate;

/** The second-level cache on the memory store, configured by a resource name as Hibernate users write it. */
class HibernateMemoryTest extends HibernateSecondLevelCacheTest {

  @Override
  String cacheUri() {
    return "dev/cairn/examples/hibernate/cairn-hibernate.yaml";
  }
}
