package dev.cairn.cache.extensions;

import java.util.Objects;

/**
 * A key pattern with Redis's glob syntax, so that a pattern means the same on every store: {@code *} any run of
 * characters, {@code ?} one character, {@code [abc]} one of a set, {@code [^abc]} none of it, {@code [a-z]} a
 * range, and {@code \} making the next character literal. Matching is on the whole key, a character being one
 * UTF-16 unit of the Java string (so a character outside the Basic Multilingual Plane, such as an emoji, is two).
 *
 * <p>Redis matches bytes: its {@code ?} would take one byte of a character UTF-8 writes in two to four. A pattern
 * with {@code ?} or {@code [...]} is therefore sent as its {@link #serverPattern()} (those tokens widened to
 * {@code *}) and each key the server returns is then checked here with {@link #matches}. Immutable and thread-safe.
 */
final class Glob {

  private final String pattern;

  private Glob(String pattern) {
    this.pattern = pattern;
  }

  /**
   * @throws NullPointerException if {@code pattern} is null
   * @throws IllegalArgumentException if it is empty, ends with a lone {@code \}, or leaves a {@code [} unclosed
   */
  static Glob of(String pattern) {
    Objects.requireNonNull(pattern, "pattern");
    if (pattern.isEmpty()) {
      throw new IllegalArgumentException("the pattern is empty");
    }
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\') {
        if (++i == pattern.length()) {
          throw new IllegalArgumentException("the pattern ends with a lone '\\': " + pattern);
        }
      } else if (c == '[') {
        int end = classEnd(pattern, i);
        if (end < 0) {
          throw new IllegalArgumentException("the pattern has an unclosed '[': " + pattern);
        }
        i = end;
      }
    }
    return new Glob(pattern);
  }

  String pattern() {
    return pattern;
  }

  /** Whether a byte-matching server (Redis) matches this pattern exactly: it has no {@code ?} and no class. */
  boolean serverMatchesExactly() {
    return serverPattern().equals(pattern);
  }

  /**
   * This pattern with each {@code ?} and {@code [...]} widened to {@code *}: a glob a byte-matching server can
   * match, which matches every key this pattern does (and maybe more).
   */
  String serverPattern() {
    StringBuilder wide = new StringBuilder(pattern.length());
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\') {
        wide.append(c).append(pattern.charAt(++i));
      } else if (c == '?' || c == '[' || c == '*') {
        if (c == '[') {
          i = classEnd(pattern, i);
        }
        if (wide.length() == 0 || wide.charAt(wide.length() - 1) != '*' || endsEscaped(wide)) {
          wide.append('*');
        }
      } else {
        wide.append(c);
      }
    }
    return wide.toString();
  }

  /** Whether the last character of {@code text} is escaped (preceded by an odd run of {@code \}). */
  private static boolean endsEscaped(CharSequence text) {
    int backslashes = 0;
    for (int i = text.length() - 2; i >= 0 && text.charAt(i) == '\\'; i--) {
      backslashes++;
    }
    return backslashes % 2 == 1;
  }

  /**
   * Whether {@code text} matches, in time proportional to the product of the lengths at worst: every token but
   * {@code *} matches exactly one character, so on a mismatch only the last {@code *} needs to take one more.
   */
  boolean matches(String text) {
    int p = 0;
    int t = 0;
    int afterStar = -1;
    int starText = 0;
    while (t < text.length()) {
      if (p < pattern.length() && pattern.charAt(p) == '*') {
        afterStar = ++p;
        starText = t;
        continue;
      }
      int next = p < pattern.length() ? matchOne(p, text.charAt(t)) : -1;
      if (next >= 0) {
        p = next;
        t++;
      } else if (afterStar >= 0) {
        p = afterStar;
        t = ++starText;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  /** Where the pattern continues if the token at {@code p} matches {@code c}, or -1. */
  private int matchOne(int p, char c) {
    char token = pattern.charAt(p);
    if (token == '?') {
      return p + 1;
    }
    if (token == '[') {
      int end = classEnd(pattern, p);
      return inClass(pattern.substring(p + 1, end), c) ? end + 1 : -1;
    }
    if (token == '\\') {
      return pattern.charAt(p + 1) == c ? p + 2 : -1;
    }
    return token == c ? p + 1 : -1;
  }

  /** The index of the {@code ]} closing the class that starts at {@code open}, or -1. */
  private static int classEnd(String pattern, int open) {
    int i = open + 1;
    if (i < pattern.length() && pattern.charAt(i) == '^') {
      i++;
    }
    for (; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == ']') {
        return i;
      }
    }
    return -1;
  }

  private static boolean inClass(String body, char c) {
    boolean negated = body.startsWith("^");
    boolean found = false;
    for (int i = negated ? 1 : 0; i < body.length(); i++) {
      char first = body.charAt(i);
      if (first == '\\') {
        i++;
        first = body.charAt(i);
      }
      if (i + 2 < body.length() && body.charAt(i + 1) == '-') {
        char last = body.charAt(i + 2);
        if (last == '\\' && i + 3 < body.length()) {
          last = body.charAt(i + 3);
          i++;
        }
        char low = (char) Math.min(first, last);
        char high = (char) Math.max(first, last);
        found |= c >= low && c <= high;
        i += 2;
      } else {
        found |= c == first;
      }
    }
    return found != negated;
  }
}
