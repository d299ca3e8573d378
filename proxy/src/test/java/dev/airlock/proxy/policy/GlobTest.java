package dev.airlock.proxy.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {

  @ParameterizedTest(name = "{0} ~ {1} (fold={2}) -> {3}")
  @CsvSource({
    "slack,            slack,                 true,  true",
    "slack,            SLACK,                 true,  true",
    "slack,            SLACK,                 false, false",
    "slack,            slackx,                true,  false",
    "*,                anything/at/all,       false, true",
    "*,                '',                    false, true",
    "google*,          google_drive,          true,  true",
    "google*,          google,                true,  true",
    "google*,          gogle,                 true,  false",
    "*.example.com,    api.example.com,       true,  true",
    "*.example.com,    a.b.EXAMPLE.com,       true,  true",
    "*.example.com,    example.com,           true,  false",
    "*admin*,          /v1/admin/users,       false, true",
    "*admin*,          /v1/users,             false, false",
    "/api/*/items/*,   /api/v2/items/42,      false, true",
    "/api/*/items/*,   /api/v2/items/,        false, true",
    "/api/*/items/*,   /api/items/42,         false, false",
    "refs/heads/release/*, refs/heads/release/1.0, false, true",
    "refs/heads/release/*, refs/heads/release, false, false",
    "a*b*c,            abc,                   false, true",
    "a*b*c,            aXbYc,                 false, true",
    "a*b*c,            aXcYb,                 false, false",
    "a*a,              a,                     false, false",
    "a*a,              aa,                    false, true",
    "a**b,             ab,                    false, true",
    "**,               x,                     false, true",
    "x*y*,             xzyz,                  false, true",
    "*y*z,             ayz,                   false, true",
    "*y*z,             azy,                   false, false",
  })
  void matches(String pattern, String input, boolean ignoreCase, boolean expected) {
    CaseFold fold = ignoreCase ? CaseFold.LOWER : CaseFold.NONE;
    GlobSet glob = GlobSet.compileOrNull(java.util.List.of(pattern), fold);
    boolean matched = glob == null || glob.matches(fold.apply(input));
    assertThat(matched).isEqualTo(expected);
  }
}
