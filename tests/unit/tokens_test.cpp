#include "security/tokens.hpp"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <string>

namespace hs = hearth::security;

TEST(RandomToken, LengthAndAlphabet) {
    const std::string t = hs::random_token();
    EXPECT_EQ(t.size(), 43u);  // 32 bytes in base64 without padding
    EXPECT_EQ(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos)
        << t;
    EXPECT_EQ(hs::random_token(16).size(), 22u);
}

TEST(RandomToken, Unique) {
    std::set<std::string> seen;
    for (int i = 0; i < 10000; ++i) seen.insert(hs::random_token());
    EXPECT_EQ(seen.size(), 10000u);
}

TEST(TokenHash, DeterministicBlake2b256Hex) {
    // Known BLAKE2b-256 answers (Python: hashlib.blake2b(x, digest_size=32)).
    EXPECT_EQ(hs::token_hash(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
    EXPECT_EQ(hs::token_hash("hearth"), "f068e4bd0f0d85503d4004466e6edd3ad2f4add85834eb0a9246666963785769");
    const std::string t = hs::random_token();
    EXPECT_EQ(hs::token_hash(t), hs::token_hash(t));
    EXPECT_NE(hs::token_hash(t), hs::token_hash(t + "x"));
    EXPECT_EQ(hs::token_hash(t).size(), 64u);
}

TEST(ConstantTimeEqual, ComparesContentAndLength) {
    EXPECT_TRUE(hs::constant_time_equal("", ""));
    EXPECT_TRUE(hs::constant_time_equal("abc", "abc"));
    EXPECT_FALSE(hs::constant_time_equal("abc", "abd"));
    EXPECT_FALSE(hs::constant_time_equal("abc", "abcd"));
    EXPECT_FALSE(hs::constant_time_equal("", "a"));
}

TEST(Hmac, MatchesHmacSha512Truncated) {
    // Python: base64url(hmac.new(key, msg, sha512).digest()[:32]) without "=".
    EXPECT_EQ(hs::hmac_sign(std::string(32, 'k'), "user=42&exp=1700000000"),
              "QdQDs7I2NOLVXGyreir71UScutSsUR5MFXNxUdrxzho");
    // Keys longer than SHA-512's block are hashed first, as HMAC specifies.
    EXPECT_EQ(hs::hmac_sign("a secret key that is longer than sixty-four bytes, as configured keys sometimes are!!",
                            "hello"),
              "HpQIJu6vsFf1Csnc74XQ2eJ90eJ8CkORDpYhy5mP8sQ");
}

TEST(Hmac, RoundTripAndTamperDetection) {
    const std::string key = hs::random_token();
    const std::string message = "verify:42:1700000000";
    const std::string sig = hs::hmac_sign(key, message);
    EXPECT_EQ(sig.size(), 43u);
    EXPECT_TRUE(hs::hmac_verify(key, message, sig));

    EXPECT_FALSE(hs::hmac_verify(key, "verify:43:1700000000", sig));
    EXPECT_FALSE(hs::hmac_verify(hs::random_token(), message, sig));
    std::string flipped = sig;
    flipped[0] = flipped[0] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(hs::hmac_verify(key, message, flipped));
    EXPECT_FALSE(hs::hmac_verify(key, message, sig.substr(0, 42)));
    EXPECT_FALSE(hs::hmac_verify(key, message, ""));
}

TEST(Hmac, RefusesShortKeys) {
    EXPECT_THROW(hs::hmac_sign("", "message"), std::invalid_argument);
    EXPECT_THROW(hs::hmac_sign(std::string(31, 'k'), "message"), std::invalid_argument);
}
