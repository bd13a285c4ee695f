#include "security/password.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <string>

#include "security/common_passwords.hpp"

namespace hs = hearth::security;

namespace {

// A sentence-like password that is fine by every rule.
constexpr const char* good = "a quiet blue river at dawn";

std::optional<std::string> problem(std::string_view password) {
    return hs::password_problem(password, "robin.fields@example.org", "Alexandria Quinn");
}

}  // namespace

TEST(PasswordHash, RoundTrip) {
    const std::string hash = hs::hash_password(good);
    EXPECT_TRUE(hs::verify_password(hash, good));
    EXPECT_FALSE(hs::verify_password(hash, "a quiet blue river at dusk"));
    EXPECT_FALSE(hs::verify_password(hash, ""));
}

TEST(PasswordHash, UsesArgon2idWithOwaspParameters) {
    const std::string hash = hs::hash_password(good);
    EXPECT_TRUE(hash.starts_with("$argon2id$")) << hash;
    EXPECT_NE(hash.find("m=19456,t=2"), std::string::npos) << hash;
    EXPECT_NE(hash, hs::hash_password(good)) << "each hash has its own salt";
}

TEST(PasswordHash, MalformedHashesDoNotVerify) {
    EXPECT_FALSE(hs::verify_password("", good));
    EXPECT_FALSE(hs::verify_password("not a hash", good));
    EXPECT_FALSE(hs::verify_password("$argon2id$v=19$m=19456,t=2,p=1$short", good));
    EXPECT_FALSE(hs::verify_password(std::string(1000, 'x'), good));
    std::string with_nul = hs::hash_password(good);
    with_nul.insert(5, 1, '\0');
    EXPECT_FALSE(hs::verify_password(with_nul, good));
}

TEST(PasswordHash, NeedsRehashWhenParametersChange) {
    EXPECT_FALSE(hs::password_needs_rehash(hs::hash_password(good)));
    EXPECT_TRUE(hs::password_needs_rehash("not a hash"));

    char weaker[crypto_pwhash_STRBYTES];
    ASSERT_EQ(crypto_pwhash_str_alg(weaker, "pw", 2, 1, 8 * 1024 * 1024, crypto_pwhash_ALG_ARGON2ID13), 0);
    EXPECT_TRUE(hs::password_needs_rehash(weaker));
    // argon2i (libsodium requires at least 3 passes for it) is replaced too.
    char argon2i[crypto_pwhash_STRBYTES];
    ASSERT_EQ(crypto_pwhash_str_alg(argon2i, "pw", 2, 3, hs::password_memlimit_bytes, crypto_pwhash_ALG_ARGON2I13),
              0);
    EXPECT_TRUE(hs::password_needs_rehash(argon2i));
}

TEST(PasswordHash, SpendPasswordTimeDoesNotThrow) {
    EXPECT_NO_THROW(hs::spend_password_time(good));
    EXPECT_NO_THROW(hs::spend_password_time(""));
}

TEST(PasswordRules, AcceptsAReasonablePassword) {
    EXPECT_EQ(problem(good), std::nullopt);
    EXPECT_EQ(hs::password_problem(good, "", ""), std::nullopt);
}

TEST(PasswordRules, LengthIsCountedInCodePoints) {
    EXPECT_EQ(problem("plum tea cat"), std::nullopt);  // 12
    EXPECT_TRUE(problem("plum tea ca")->starts_with("Use at least 12 characters"));  // 11
    // 11 code points but 13 bytes: still too short.
    const std::string spanish = "mañana será";
    ASSERT_EQ(spanish.size(), 13u);
    EXPECT_TRUE(problem(spanish)->starts_with("Use at least 12 characters"));
    EXPECT_EQ(problem("mañana serás"), std::nullopt);  // 12 code points
    // 128 four-byte emoji would be 512 bytes: fine, they are 128 characters.
    std::string flowers;
    for (int i = 0; i < 64; ++i) flowers += i % 3 == 0 ? "🌱🌷" : (i % 3 == 1 ? "🌼🌱" : "🌻🌸");
    EXPECT_EQ(problem(flowers), std::nullopt);
}

TEST(PasswordRules, UpperLengthLimit) {
    std::string text;
    for (int i = 0; text.size() < 128; ++i) text += "river " + std::to_string(i) + " ";
    text.resize(128);
    EXPECT_EQ(problem(text), std::nullopt);
    EXPECT_EQ(problem(text + "x"), "Use at most 128 characters.");
}

TEST(PasswordRules, RejectsInvalidUtf8) {
    for (const std::string bad : {"a quiet river \xC3\x28 at dawn",   // bad continuation byte
                                  "a quiet river \xC0\xAF at dawn",   // overlong "/"
                                  "a quiet river \xED\xA0\x80 dawn",  // UTF-16 surrogate
                                  "a quiet river at dawn \xE2\x82",   // truncated
                                  "a quiet river \xF5\x80\x80\x80 dawn"}) {  // above U+10FFFF
        const auto p = problem(bad);
        ASSERT_TRUE(p.has_value()) << bad;
        EXPECT_NE(p->find("could not read"), std::string::npos);
    }
}

TEST(PasswordRules, RejectsCommonPasswordsInAnyCase) {
    const std::string too_common =
        "That password is too common: it appears in lists attackers try first. Please choose another.";
    EXPECT_EQ(problem("password1234"), too_common);
    EXPECT_EQ(problem("PASSWORD1234"), too_common);
    EXPECT_EQ(problem("iLoveYou1234"), too_common);
    EXPECT_EQ(problem("correcthorsebatterystaple"), too_common);
}

TEST(PasswordRules, RejectsAccountDetails) {
    for (const char* p : {"robin.fields@example.org", "ROBIN.FIELDS@EXAMPLE.ORG", "robin.fields",
                          "robin.fields loves tea", "Alexandria Quinn", "alexandriaquinn"}) {
        const auto why = problem(p);
        ASSERT_TRUE(why.has_value()) << p;
        EXPECT_NE(why->find("e-mail address or name"), std::string::npos) << p;
    }
    // A local part shorter than 4 characters may appear by chance.
    EXPECT_EQ(hs::password_problem("jo likes green tea", "jo@example.org", "Jo"), std::nullopt);
}

TEST(PasswordRules, RejectsRepetitionAndSequences) {
    for (const char* p : {"aaaaaaaaaaaa", "ZZZZZZZZZZZZZZZZ", "abababababab", "abcabcabcabca", "123456789012",
                          "987654321098", "abcdefghijkl", "qwertyuiopas", "LKJHGFDSAPOI", "🌱🌱🌱🌱🌱🌱🌱🌱🌱🌱🌱🌱"}) {
        const auto why = problem(p);
        ASSERT_TRUE(why.has_value()) << p;
        EXPECT_NE(why->find("simple pattern"), std::string::npos) << p;
    }
}

TEST(CommonPasswords, ListIsLargeSortedLowercaseAndLong) {
    const auto list = hs::common_passwords();
    EXPECT_GE(list.size(), 1000u);
    EXPECT_TRUE(std::ranges::is_sorted(list));
    EXPECT_EQ(std::ranges::adjacent_find(list), list.end()) << "no duplicates";
    for (std::string_view p : list) {
        EXPECT_GE(p.size(), 12u) << p;
        EXPECT_TRUE(std::ranges::none_of(p, [](char c) { return c >= 'A' && c <= 'Z'; })) << p;
    }
    for (const char* p : {"password1234", "123456789012", "qwerty123456", "iloveyou1234", "passwordpassword",
                          "1q2w3e4r5t6y", "abc123abc123", "letmein12345", "welcome12345", "trustno1trustno1"}) {
        EXPECT_TRUE(hs::is_common_password(p)) << p;
    }
    EXPECT_FALSE(hs::is_common_password("a quiet blue river at dawn"));
}
