using CsCheck;
using IgdLab.Emulator.Scenarios;
using IgdLab.TestUtilities;

namespace IgdLab.Emulator.Tests.Scenarios;

/// <summary>
/// Random text and mutations of the scenario library through the scenario loader: whatever a file holds, loading
/// gives a valid scenario or problems at a line and column inside the text, each with a one-line message; it never throws.
/// </summary>
public sealed class ScenarioYamlFuzzTests
{
    private const long Iterations = 10_000;
    private const string Source = "fuzz.yaml";

    private static readonly string Library = Path.Combine(AppContext.BaseDirectory, "scenarios");

    // The library minus its fleets of thousands, whose generation would make each input cost milliseconds.
    private static readonly string[] Scenarios =
    [
        .. Directory.GetFiles(Library, "*.yaml").Order(StringComparer.Ordinal)
            .Where(path => !Path.GetFileName(path).StartsWith("fleet-", StringComparison.Ordinal))
            .Select(File.ReadAllText),
    ];

    private static readonly string[] Fragments =
    [
        "\t", ":", ": ", " : ", "- ", "-", "[", "]", "{", "}", ",", "\"", "'", "#", "&a ", "*a", "<<: *a", "!!binary ", "!!str ",
        "!custom ", "? ", "|", ">", "---\n", "...\n", "%YAML 1.1\n", "~", "null", "1e999", "-9223372036854775809", "0x7fffffff",
        "99999999999999999999", "NaN", ".inf", "1h30m", "-1s", "\\", "\u00E9", "\uFEFF", "\u2028", "\u0085", "\r", "\0",
        "key: [a, {b: c}]", "generate: 1000000", "every: 0s", "at: 1000000h", "\f", "\v", "\u2029",
    ];

    [Test]
    public void Parse_AnyText_IsAScenarioOrProblemsInsideTheText()
    {
        var texts = Gen.Frequency(
            (1, Gen.String[0, 300]),
            (1, Gen.OneOf(Fragments).Array[0, 40].Select(string.Concat)),
            (4, FuzzInputs.Mutated(Scenarios, Fragments)),
            (4, FuzzInputs.LineMutated(Scenarios, Fragments)));

        var (valid, invalid) = (0, 0);
        texts.Sample(text =>
        {
            var result = ScenarioLoader.Parse(text, Source, Library);
            Interlocked.Increment(ref result.IsValid ? ref valid : ref invalid);
            if (result.IsValid)
            {
                return result.Scenario.Name.Length > 0;
            }

            // A problem points at a character of its line, or just past its end.
            var lines = FuzzInputs.YamlLines(text);
            return result.Diagnostics.Count > 0
                && result.Diagnostics.All(d => d.Source == Source && d.Message.Length > 0 && FuzzInputs.YamlLines(d.Message).Length == 1
                    && d.Line >= 1 && d.Line <= lines.Length && d.Column >= 1 && d.Column <= lines[d.Line - 1].Length + 1
                    && d.ToString().StartsWith($"{Source}:{d.Line}:{d.Column}: error: ", StringComparison.Ordinal));
        }, iter: Iterations, print: FuzzInputs.Show);

        // Line edits keep enough files valid that the binder and the validator behind the YAML reader were fuzzed too.
        Assert.That(new[] { valid, invalid }, Is.All.GreaterThan(Iterations / 100), $"valid {valid}, invalid {invalid}");
    }
}
