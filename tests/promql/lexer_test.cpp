#include "promql/lexer.h"

#include <doctest/doctest.h>

#include <cmath>
#include <string>

namespace ttam::promql {
namespace {

// Renders tokens as "kind:text" joined by spaces.
std::string Render(std::string_view input) {
  std::string out;
  for (const Token& t : Lex(input)) {
    if (!out.empty()) out += ' ';
    out += TokenKindDescription(t.kind) + ":" + t.text;
  }
  return out;
}

TEST_CASE("lexer tokens") {
  struct Case {
    std::string_view name, input, want;
  };
  const Case cases[] = {
      {"selector", "foo{a=~\"x\"}",
       "identifier:foo \"{\":{ identifier:a \"=~\":=~ string:x \"}\":} end of input:"},
      {"keywords any case", "SUM BY Offset", "identifier:SUM by:BY offset:Offset end of input:"},
      {"keyword inside braces", "{by=\"1\"}",
       "\"{\":{ identifier:by \"=\":= string:1 \"}\":} end of input:"},
      {"metric identifier", "a:b:c", "metric identifier:a:b:c end of input:"},
      {"range and subquery", "x[5m:1h30m]",
       "identifier:x \"[\":[ duration:5m \":\":: duration:1h30m \"]\":] end of input:"},
      {"numbers", "1 0x1F 1e-3 .5 Inf nan",
       "number:1 number:0x1F number:1e-3 number:.5 number:Inf number:nan end of input:"},
      {"operators", "== != <= >= =~ !~ ^ % @",
       "\"==\":== \"!=\":!= \"<=\":<= \">=\":>= \"=~\":=~ \"!~\":!~ \"^\":^ \"%\":% \"@\":@ end of "
       "input:"},
      {"comment", "1 # hi\n+ 2", "number:1 \"+\":+ number:2 end of input:"},
      {"escapes", R"('a\'b' "\x41\u00e9\n" `r\n`)",
       "string:a'b string:A\xc3\xa9\n string:r\\n end of input:"},
      {"unterminated", "\"abc", "error:unterminated quoted string"},
      {"bad escape", R"("\q")", "error:unknown escape sequence '\\q'"},
      {"unclosed paren", "(1", "\"(\":( number:1 error:unclosed left parenthesis"},
      {"bad duration", "5x", "error:bad number or duration syntax: \"5x\""},
      {"trim operators", "a</1 >/ 2 < /",
       "identifier:a \"</\":</ number:1 \">/\":>/ number:2 \"<\":< \"/\":/ end of input:"},
      {"range modifiers are keywords", "x Anchored smoothed",
       "identifier:x anchored:Anchored smoothed:smoothed end of input:"},
      {"fill only before (", "fill (0) fill_left( fill_right fill",
       "fill:fill \"(\":( number:0 \")\":) fill_left:fill_left \"(\":( identifier:fill_right "
       "identifier:fill error:unclosed left parenthesis"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(Render(c.input) == c.want);
  }
}

TEST_CASE("an unclosed opener is reported where it stands, not past the end") {
  struct Case {
    std::string_view input;
    size_t at;  // offset of the opener the error names
    std::string_view message;
  };
  const Case cases[] = {
      {"sum(rate(x[5m])", 3, "unclosed left parenthesis"},    // rate( is closed, sum( is not
      {"sum(rate(x[5m]", 8, "unclosed left parenthesis"},     // the innermost open one
      {"(a) + (b\n  # c\n", 6, "unclosed left parenthesis"},  // not the comment's end
      {"x[5m", 1, "unclosed left bracket"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.input);
    std::vector<Token> tokens = Lex(c.input);
    REQUIRE(tokens.back().kind == TokenKind::kError);
    CHECK(tokens.back().text == c.message);
    CHECK(tokens.back().begin == c.at);
    CHECK(tokens.back().end == c.at + 1);
  }
}

TEST_CASE("number and duration text") {
  double v = 0;
  CHECK(ParseNumberText("0x10", &v));
  CHECK(v == 16);
  CHECK(ParseNumberText("010", &v));
  CHECK(v == 8);
  CHECK(ParseNumberText("1_000", &v));
  CHECK(v == 1000);
  CHECK(ParseNumberText("-Inf", &v) == false);
  CHECK(ParseNumberText("NaN", &v));
  CHECK(std::isnan(v));
  long long ms = 0;
  std::string msg;
  CHECK(ParseDurationText("1h30m", &ms, &msg));
  CHECK(ms == 5400000);
  CHECK(ParseDurationText("100ms", &ms, &msg));
  CHECK(ms == 100);
  CHECK_FALSE(ParseDurationText("30m1h", &ms, &msg));
  CHECK(msg == "not a valid duration string: \"30m1h\"");
}

}  // namespace
}  // namespace ttam::promql
