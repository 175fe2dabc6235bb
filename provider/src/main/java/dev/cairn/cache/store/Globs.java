package dev.cairn.cache.store;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Redis's glob syntax as Java regular expressions, for stores whose server cannot match keys itself (memcached,
 * DynamoDB): their {@link PatternCapability} brings the cache's keys to the client and matches them here.
 */
public final class Globs {

  /** How many matched keys one removal sends. */
  private static final int PAGE = 500;

  private Globs() {
  }

  /**
   * Removes the live entries of {@code store} whose String key matches {@code glob} and {@code exact}: its keys
   * ({@link Store#keys()}) matched here, removed {@value #PAGE} at a time with {@link Store#removeAll}.
   *
   * @return how many live keys were removed
   */
  public static <K> long removeMatching(Store<K, ?> store, String glob, Predicate<? super K> exact) {
    Pattern pattern = regex(glob);
    long removed = 0;
    List<K> page = new ArrayList<>(PAGE);
    for (Iterator<K> keys = store.keys(); keys.hasNext(); ) {
      K key = keys.next();
      if (pattern.matcher((String) key).matches() && exact.test(key)) {
        page.add(key);
      }
      if (page.size() == PAGE || (!keys.hasNext() && !page.isEmpty())) {
        store.removeAll(page);
        removed += page.size();
        page.clear();
      }
    }
    return removed;
  }

  /**
   * A Redis glob as a regular expression on the key's characters: {@code *}, {@code ?}, {@code [...]} (with
   * {@code ^} and ranges) and {@code \} escapes; everything else literal.
   */
  public static Pattern regex(String glob) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> regex.append("(?s:.*)");
        case '?' -> regex.append("(?s:.)");
        case '\\' -> regex.append(Pattern.quote(String.valueOf(glob.charAt(Math.min(++i, glob.length() - 1)))));
        case '[' -> {
          int end = i + 1;
          boolean negated = end < glob.length() && glob.charAt(end) == '^';
          end += negated ? 1 : 0;
          StringBuilder members = new StringBuilder();
          for (; end < glob.length() && glob.charAt(end) != ']'; end++) {
            char first = glob.charAt(end);
            if (first == '\\' && end + 1 < glob.length()) {
              first = glob.charAt(++end);
            }
            char last = first;
            if (end + 2 < glob.length() && glob.charAt(end + 1) == '-' && glob.charAt(end + 2) != ']') {
              end += 2;
              last = glob.charAt(end);
              if (last == '\\' && end + 1 < glob.length()) {
                last = glob.charAt(++end);
              }
            }
            members.append(literal((char) Math.min(first, last))).append('-')
                .append(literal((char) Math.max(first, last)));
          }
          regex.append(members.isEmpty() ? (negated ? "(?s:.)" : "(?!)")
              : "[" + (negated ? "^" : "") + members + "]");
          i = end;
        }
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }

  private static String literal(char c) {
    return "\\x{" + Integer.toHexString(c) + "}";
  }
}
