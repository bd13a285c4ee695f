// The pure parts of two-factor sign-in: codes checked against the RFC 6238
// appendix B test values (SHA-1 seed, last six of the eight digits), the
// one-step window either side, the otpauth URI, recovery code shapes and
// the QR code drawing.
#include <gtest/gtest.h>

#include <set>

#include "features/accounts/two_factor_codes.hpp"
#include "features/accounts/two_factor_qr.hpp"

namespace totp = hearth::accounts::totp;

namespace {
// base32 of the RFC 6238 SHA-1 seed "12345678901234567890".
constexpr const char* rfc_secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
}  // namespace

TEST(TwoFactorCodes, AcceptsTheRfc6238Values) {
    EXPECT_EQ(totp::matching_step(rfc_secret, "287082", 59), 1);
    EXPECT_EQ(totp::matching_step(rfc_secret, "081804", 1111111109), 1111111109 / 30);
    EXPECT_EQ(totp::matching_step(rfc_secret, "005924", 1234567890), 1234567890 / 30);
    EXPECT_EQ(totp::matching_step(rfc_secret, "279037", 2000000000), 2000000000 / 30);
    EXPECT_EQ(totp::matching_step(rfc_secret, "287 082", 59), 1);  // spaces as apps show them
}

TEST(TwoFactorCodes, AcceptsOneStepEitherSideAndNoMore) {
    const std::int64_t at = 1234567890;
    const std::int64_t step = at / 30;
    EXPECT_EQ(totp::matching_step(rfc_secret, "005924", at + 30), step);  // the previous step's code
    EXPECT_EQ(totp::matching_step(rfc_secret, "005924", at - 30), step);  // the next step's code
    EXPECT_EQ(totp::matching_step(rfc_secret, "005924", at + 90), std::nullopt);
    EXPECT_EQ(totp::matching_step(rfc_secret, "005924", at - 90), std::nullopt);
}

TEST(TwoFactorCodes, RefusesWhatIsNotSixDigits) {
    EXPECT_EQ(totp::matching_step(rfc_secret, "", 59), std::nullopt);
    EXPECT_EQ(totp::matching_step(rfc_secret, "28708", 59), std::nullopt);
    EXPECT_EQ(totp::matching_step(rfc_secret, "2870820", 59), std::nullopt);
    EXPECT_EQ(totp::matching_step(rfc_secret, "28708a", 59), std::nullopt);
    EXPECT_EQ(totp::matching_step(rfc_secret, "000000", 59), std::nullopt);
    EXPECT_FALSE(totp::six_digits("12345").has_value());
    EXPECT_EQ(totp::six_digits(" 123 456 "), "123456");
}

TEST(TwoFactorCodes, NewSecretsAre160RandomBitsInBase32) {
    const auto a = totp::new_secret();
    const auto b = totp::new_secret();
    EXPECT_EQ(a.size(), 32u);
    EXPECT_NE(a, b);
    EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), std::string::npos);
    // liboath reads it back: a code for it is checked without throwing.
    EXPECT_NO_THROW((void)totp::matching_step(a, "123456", 59));
}

TEST(TwoFactorCodes, OtpauthUriFollowsTheKeyUriFormat) {
    EXPECT_EQ(totp::otpauth_uri("ABCD", "ana+x@example.org"),
              "otpauth://totp/Hearth:ana%2Bx%40example.org?secret=ABCD&issuer=Hearth&algorithm=SHA1&digits=6&period=30");
    EXPECT_EQ(totp::grouped("ABCDEFGHIJ"), "ABCD EFGH IJ");
}

TEST(TwoFactorCodes, RecoveryCodesAreDistinctAndReadBackLeniently) {
    std::set<std::string> seen;
    for (int i = 0; i < 20; ++i) {
        const auto code = totp::new_recovery_code();
        EXPECT_EQ(code.size(), 19u) << code;  // four groups of four and three dashes
        EXPECT_TRUE(seen.insert(code).second);
        auto key = totp::recovery_code_key(code);
        ASSERT_TRUE(key.has_value()) << code;
        EXPECT_EQ(key->size(), 16u);
    }
    EXPECT_EQ(totp::recovery_code_key("ABCD-efgh ijkl-MNOP"), "abcdefghijklmnop");
    EXPECT_FALSE(totp::recovery_code_key("abcd-efgh-ijkl-mno").has_value());    // too short
    EXPECT_FALSE(totp::recovery_code_key("abcd-efgh-ijkl-mnopq").has_value());  // too long
    EXPECT_FALSE(totp::recovery_code_key("abcd-efgh-ijkl-mno1").has_value());   // 1 is not base32
    EXPECT_FALSE(totp::recovery_code_key("").has_value());
}

TEST(TwoFactorQr, DrawsAnInlineSvgWithoutStyles) {
    const auto svg = totp::qr_svg(totp::otpauth_uri(rfc_secret, "a@example.org"), "Scan \"this\" <code>");
    EXPECT_EQ(svg.rfind("<svg ", 0), 0u);
    EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
    EXPECT_NE(svg.find("aria-label=\"Scan &quot;this&quot; &lt;code&gt;\""), std::string::npos);
    EXPECT_NE(svg.find("<path fill=\"#000\" d=\"M"), std::string::npos);
    EXPECT_EQ(svg.find("style"), std::string::npos);
    EXPECT_EQ(svg.find("<script"), std::string::npos);
}
