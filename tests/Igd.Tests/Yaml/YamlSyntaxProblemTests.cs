using IgdLab.Igd.Yaml;
using YamlDotNet.Core;

namespace IgdLab.Igd.Tests.Yaml;

/// <summary>YamlDotNet's real exceptions on everyday mistakes, worded and placed by <see cref="YamlSyntaxProblem"/>.</summary>
public sealed class YamlSyntaxProblemTests
{
    [Test]
    public void Describe_TabIndentOnLine4_IsATabAtLine4Not1_1()
    {
        var problem = Describe("name: q\nduration: 4s\ngateways:\n\t- id: gw1\n");

        Assert.That(problem.ToString(), Is.EqualTo("4:1: a tab in the indentation; YAML indents with spaces only"));
    }

    [Test]
    public void Describe_TabInsideANestedIndentation_PointsAtTheTab()
    {
        var problem = Describe("name: q\ngateways:\n  - id: gw1\n  \t profile: x\n");

        Assert.That(problem.ToString(), Is.EqualTo("4:3: a tab in the indentation; YAML indents with spaces only"));
    }

    [TestCase("name: q\nduration 4s\ngateways:\n  - id: gw1\n", ExpectedResult = "2:9: missing ':' after 'duration'; write 'duration: value'")]
    [TestCase("watchdog:\n  probeInterval 500ms\n  x: 1\n", ExpectedResult = "2:16: missing ':' after 'probeInterval'; write 'probeInterval: value'")]
    [TestCase("name: q\nduration:4s\nx: 1\n", ExpectedResult = "2:9: missing space after ':'; write 'duration: 4s'")]
    public string Describe_MissingColon_SaysSoOnItsLine(string yaml) => Describe(yaml).ToString();

    [TestCase("name: q\nduration: 4s\n  gateways:\n  - id: gw1\n", ExpectedResult = "3:3: bad indentation: 'gateways' is indented under a line that already has its value")]
    [TestCase("devices:\n  - id: nas\n    gateway: gw1\n   service: x\n", ExpectedResult = "4:4: bad indentation: 'service' (3 spaces in) lines up with no key or list item above it")]
    [TestCase("gateways:\n- id: a\n  x: 1\n - id: b\n", ExpectedResult = "4:2: a list item ('- ') where a 'key: value' was expected; indent the list under its key")]
    public string Describe_BadIndentation_NamesTheKeyOnItsLine(string yaml) => Describe(yaml).ToString();

    [TestCase("name: \"quick\nduration: 4s\ngateways: []\n", ExpectedResult = "1:7: unclosed quote: the \" here has no closing \"")]
    [TestCase("name: 'quick\nduration: 4s\n", ExpectedResult = "1:7: unclosed quote: the ' here has no closing '")]
    public string Describe_UnclosedQuote_PointsAtTheOpeningQuote(string yaml) => Describe(yaml).ToString();

    [TestCase("name: q\nservice: { protocol: TCP, port: 20000\nduration: 4s\n", ExpectedResult = "2:10: unclosed '{': no '}' closes it")]
    [TestCase("name: q\nlist: [a, b\nduration: 4s\n", ExpectedResult = "2:7: unclosed '[': no ']' closes it")]
    [TestCase("name: q\nlist: [a, b\n", ExpectedResult = "2:7: unclosed '[': no ']' closes it")]
    [TestCase("name: q\nlist: [a, b]]\n", ExpectedResult = "2:13: ']' closes nothing")]
    public string Describe_UnclosedOrStrayBracket_PointsAtIt(string yaml) => Describe(yaml).ToString();

    [TestCase("name: q\ndescription: one: two\n", ExpectedResult = "2:17: a second ': ' on one line; put a value that contains ': ' in quotes, or start the nested mapping on its own line")]
    [TestCase("a: @x\n", ExpectedResult = "1:4: a value cannot start with '@'; put it in quotes")]
    public string Describe_CharacterThatNeedsQuotes_SaysToQuote(string yaml) => Describe(yaml).ToString();

    [Test]
    public void Describe_NeverRepeatsParserJargon_ForTheEverydayMistakes()
    {
        string[] mistakes = ["a:\n\tb: 1\n", "a: 1\n  b: 2\n", "a: \"x\n", "a: [1\nb: 2\n", "a 1\nb: 2\n"];

        Assert.That(mistakes.Select(m => Describe(m).Message), Has.None.Contain("While scanning").And.None.Contain("While parsing"));
    }

    // Found by ScenarioYamlFuzzTests: a form feed ends no line in YAML, but the text was split as if it did, so the
    // problem landed a line too low (3:7). A line separator does end one, in both.
    [TestCase("name: q\fx\nlist: [a, b\nduration: 4s\n", ExpectedResult = "2:7: unclosed '[': no ']' closes it")]
    [TestCase("name: q\u2028list: [a, b\nduration: 4s\n", ExpectedResult = "2:7: unclosed '[': no ']' closes it")]
    public string Describe_FormFeedOrLineSeparator_CountsLinesAsYamlDoes(string yaml) => Describe(yaml).ToString();

    private static YamlSyntaxProblem Describe(string yaml)
    {
        try
        {
            var parser = new Parser(new StringReader(yaml));
            while (parser.MoveNext())
            {
            }
        }
        catch (Exception ex)
        {
            return YamlSyntaxProblem.Describe(ex, yaml);
        }

        Assert.Fail("the YAML parsed");
        return null!;
    }
}
