// Codec text formats and Params without a server: arrays, bytea, numbers, NUL bytes, overloads.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>

#include "tenantc/runtime.hpp"

using namespace tenantc;

TEST(CodecText, ScalarsEncodeAsPostgresReadsThem) {
  EXPECT_EQ(Codec<bool>::encode(true), "true");
  EXPECT_EQ(Codec<bool>::encode(false), "false");
  EXPECT_TRUE(Codec<bool>::decode("t"));
  EXPECT_FALSE(Codec<bool>::decode("f"));
  EXPECT_THROW(Codec<bool>::decode("yes"), std::invalid_argument);
  EXPECT_EQ(Codec<std::int16_t>::encode(-32768), "-32768");
  EXPECT_EQ(Codec<std::int16_t>::decode("32767"), 32767);
  EXPECT_THROW(Codec<std::int16_t>::decode("32768"), std::invalid_argument);
  EXPECT_THROW(Codec<std::int32_t>::decode("12a"), std::invalid_argument);
  EXPECT_THROW(Codec<std::int32_t>::decode(""), std::invalid_argument);
  EXPECT_THROW(Codec<std::int32_t>::decode(" 1"), std::invalid_argument);
  EXPECT_EQ(Codec<std::int64_t>::decode("-9223372036854775808"),
            std::numeric_limits<std::int64_t>::min());
}

TEST(CodecText, FloatsAreShortestExact) {
  EXPECT_EQ(Codec<double>::encode(0.1), "0.1");
  EXPECT_EQ(Codec<double>::encode(1e300), "1e+300");
  EXPECT_EQ(Codec<double>::encode(std::numeric_limits<double>::infinity()), "Infinity");
  EXPECT_EQ(Codec<double>::encode(-std::numeric_limits<double>::infinity()), "-Infinity");
  EXPECT_EQ(Codec<double>::encode(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_TRUE(std::isnan(Codec<double>::decode("NaN")));
  EXPECT_EQ(Codec<double>::decode("-Infinity"), -std::numeric_limits<double>::infinity());
  for (double v : {0.1, 1.0 / 3, std::numbers::pi, 5e-324, 2.2250738585072014e-308,
                   1.7976931348623157e308, -123456789.123456789, 0.0}) {
    EXPECT_EQ(Codec<double>::decode(Codec<double>::encode(v)), v) << v;
  }
  EXPECT_EQ(Codec<float>::decode(Codec<float>::encode(0.1f)), 0.1f);
  EXPECT_THROW(Codec<double>::decode("1.5x"), std::invalid_argument);
}

TEST(CodecText, ByteaHexAndEscape) {
  Bytes all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<std::byte>(i));
  std::string hex = Codec<Bytes>::encode(all);
  EXPECT_EQ(hex.substr(0, 8), "\\x000102");
  EXPECT_EQ(hex.size(), 2u + 512u);
  EXPECT_EQ(Codec<Bytes>::decode(hex), all);
  EXPECT_EQ(Codec<Bytes>::decode("\\x"), Bytes{});
  EXPECT_EQ(Codec<Bytes>::decode("a\\\\b\\001\\377"),
            (Bytes{std::byte{'a'}, std::byte{'\\'}, std::byte{'b'}, std::byte{1}, std::byte{255}}));
  EXPECT_THROW(Codec<Bytes>::decode("\\x0"), std::invalid_argument);
  EXPECT_THROW(Codec<Bytes>::decode("\\xzz"), std::invalid_argument);
  // std::vector<std::byte> is bytea, not an array of bytes.
  EXPECT_EQ(Codec<std::vector<std::byte>>::encode({std::byte{1}, std::byte{0xab}}), "\\x01ab");
}

TEST(CodecText, ArraysQuoteWhatTheSyntaxNeeds) {
  std::vector<std::string> v = {"plain",      "two words",   "",    "NULL", "null",
                                "say \"hi\"", "back\\slash", "a,b", "{x}",  "tab\there",
                                "ünï"};
  std::string text = Codec<std::vector<std::string>>::encode(v);
  EXPECT_EQ(text, R"({plain,"two words","","NULL","null","say \"hi\"","back\\slash","a,b","{x}",")"
                  "tab\there\",ünï}");
  EXPECT_EQ(Codec<std::vector<std::string>>::decode(text), v);
  EXPECT_EQ(Codec<std::vector<std::int32_t>>::encode({1, -2, 3}), "{1,-2,3}");
  EXPECT_EQ(Codec<std::vector<std::int32_t>>::encode({}), "{}");
  EXPECT_EQ(Codec<std::vector<std::optional<std::int32_t>>>::encode({1, std::nullopt}), "{1,NULL}");
  EXPECT_EQ(Codec<std::vector<Bytes>>::encode({Bytes{std::byte{1}}}), R"({"\\x01"})");
  EXPECT_EQ(Codec<std::vector<bool>>::encode({true, false}), "{true,false}");
}

TEST(CodecText, ArraysDecodeServerOutput) {
  using Strings = std::vector<std::string>;
  using Optionals = std::vector<std::optional<std::string>>;
  EXPECT_EQ(Codec<Strings>::decode("{}"), Strings{});
  EXPECT_EQ(Codec<Strings>::decode(R"({a,"b c",""})"), (Strings{"a", "b c", ""}));
  EXPECT_EQ(Codec<Optionals>::decode(R"({a,NULL,"NULL",null})"),
            (Optionals{"a", std::nullopt, "NULL", std::nullopt}));
  EXPECT_EQ(Codec<Strings>::decode(R"({ a , b\,c ,"d\\"})"), (Strings{"a", "b,c", "d\\"}));
  EXPECT_EQ(Codec<Strings>::decode(R"({a\ })"), (Strings{"a "}));  // escaped trailing space stays
  EXPECT_EQ(Codec<std::vector<std::int64_t>>::decode("[0:2]={1,2,3}"),
            (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(Codec<std::vector<bool>>::decode("{t,f}"), (std::vector<bool>{true, false}));
  for (const char* bad : {"", "{", "}", "{a", "{a,}", "{,a}", "{\"a}", "{a}x", "{{1,2},{3,4}}",
                          "a,b", "{a\"b\"}", R"({\)"}) {
    EXPECT_THROW(Codec<Strings>::decode(bad), std::invalid_argument) << bad;
  }
  EXPECT_THROW(Codec<Strings>::decode("{a,NULL}"), std::invalid_argument);  // NULL needs optional
  EXPECT_THROW(Codec<std::vector<std::int32_t>>::decode("{1,x}"), std::invalid_argument);
}

TEST(Params, EncodesNullsAndRefusesNulBytes) {
  Params p;
  p.add(42)
      .add(std::optional<std::string>{})
      .add(std::string("x"))
      .add("literal")
      .add(std::nullopt);
  p.add(std::optional<Uuid>(Uuid())).add(std::string_view("view"));
  ASSERT_EQ(p.size(), 7u);
  auto c = p.c_values();
  EXPECT_STREQ(c[0], "42");
  EXPECT_EQ(c[1], nullptr);
  EXPECT_TRUE(p.is_null(1));
  EXPECT_STREQ(c[2], "x");
  EXPECT_STREQ(c[3], "literal");
  EXPECT_EQ(c[4], nullptr);
  EXPECT_STREQ(c[5], "00000000-0000-0000-0000-000000000000");
  EXPECT_STREQ(c[6], "view");
  EXPECT_THROW(Params().add(std::string("a\0b", 3)), std::invalid_argument);
  auto of = Params::of(1, std::string("two"), Decimal::parse("3.00"));
  EXPECT_EQ(of.size(), 3u);
  EXPECT_EQ(of.value(2), "3.00");
}
