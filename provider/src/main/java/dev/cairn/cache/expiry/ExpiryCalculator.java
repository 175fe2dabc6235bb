package dev.cairn.cache.expiry;

import dev.cairn.cache.store.Ttl;
import java.util.Set;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;

/**
 * Asks a cache's {@link ExpiryPolicy} for times to live, the way the spec and the RI do.
 *
 * <p>A policy that throws does not fail the operation: creation falls back to eternal, update and access leave the
 * expiry unchanged (as the RI does). A {@code null} creation duration also means eternal.
 *
 * <p>The JDK's own policies are side-effect free and constant, so their durations are read once: {@link #isConstant()}
 * lets the engine hand a store both the "if created" and "if updated" times for a single round trip. Any other
 * policy is called only at the moment the spec says, because callers may count the calls (the TCK does).
 *
 * <p>Thread-safe if the policy is.
 */
public final class ExpiryCalculator {

  private static final Set<Class<?>> CONSTANT_POLICIES = Set.of(EternalExpiryPolicy.class,
      CreatedExpiryPolicy.class, ModifiedExpiryPolicy.class, AccessedExpiryPolicy.class, TouchedExpiryPolicy.class);

  private final ExpiryPolicy policy;
  private final boolean constant;
  private final long creation;
  private final long update;
  private final long access;

  public ExpiryCalculator(ExpiryPolicy policy) {
    this.policy = policy;
    this.constant = CONSTANT_POLICIES.contains(policy.getClass());
    this.creation = constant ? askCreation() : 0;
    this.update = constant ? askUpdate() : 0;
    this.access = constant ? askAccess() : 0;
  }

  /** Whether the durations never change and asking for them has no effect worth counting. */
  public boolean isConstant() {
    return constant;
  }

  /** The time to live of a new entry. */
  public long forCreation() {
    return constant ? creation : askCreation();
  }

  /** The time to live of a replaced entry, or {@link Ttl#UNCHANGED}. */
  public long forUpdate() {
    return constant ? update : askUpdate();
  }

  /** The time to live of an entry just read, or {@link Ttl#UNCHANGED}. */
  public long forAccess() {
    return constant ? access : askAccess();
  }

  private long askCreation() {
    try {
      long ttl = Ttl.of(policy.getExpiryForCreation());
      return ttl == Ttl.UNCHANGED ? Ttl.ETERNAL : ttl;
    } catch (RuntimeException e) {
      return Ttl.ETERNAL;
    }
  }

  private long askUpdate() {
    try {
      return Ttl.of(policy.getExpiryForUpdate());
    } catch (RuntimeException e) {
      return Ttl.UNCHANGED;
    }
  }

  private long askAccess() {
    try {
      return Ttl.of(policy.getExpiryForAccess());
    } catch (RuntimeException e) {
      return Ttl.UNCHANGED;
    }
  }
}
