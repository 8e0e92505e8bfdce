using System.Globalization;
using System.Text.RegularExpressions;
using CsCheck;
using IgdLab.Igd.Profiles;
using IgdLab.TestUtilities;

namespace IgdLab.Igd.Tests.Profiles;

/// <summary>
/// Random text and mutations of the built-in profile files through the profile parser: whatever a file holds, parsing
/// gives a valid profile or a <see cref="RouterProfileException"/> whose every problem is one line that names the file,
/// and every position it gives lies inside the text; nothing else is thrown.
/// </summary>
public sealed partial class RouterProfileYamlFuzzTests
{
    private const long Iterations = 10_000;
    private const string Source = "fuzz.yaml";

    private static readonly string[] Profiles =
    [
        .. typeof(RouterProfileCatalog).Assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith("IgdLab.Igd.Profiles.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                using var stream = typeof(RouterProfileCatalog).Assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream);
                return reader.ReadToEnd();
            }),
        RouterProfileYaml.Write(RouterProfileCatalog.Standard),
    ];

    private static readonly string[] Fragments =
    [
        "\t", ":", ": ", "- ", "[", "]", "{", "}", ",", "\"", "'", "#", "&a ", "*a", "<<: *a", "!!binary ", "!!int ", "? ", "|", "---\n",
        "~", "null", "[]", "{}", "1e999", "-1", "0", "99999999999999999999", "-2147483649", "true", "yes", "\u00E9", "\uFEFF", "\u2028",
        "\r", "\0", "ip", "ppp", "unknownKey: 1", "quirks: [nonsense]", "\f", "\v", "\u0085", "\u2029",
    ];

    [Test]
    public void Parse_AnyText_IsAProfileOrAnErrorInsideTheText()
    {
        var texts = Gen.Frequency(
            (1, Gen.String[0, 300]),
            (4, FuzzInputs.Mutated(Profiles, Fragments)),
            (4, FuzzInputs.LineMutated(Profiles, Fragments)));

        var (valid, invalid) = (0, 0);
        texts.Sample(text =>
        {
            try
            {
                var profile = RouterProfileCatalog.Parse(text, Source);
                Interlocked.Increment(ref valid);
                return RouterProfileCatalog.Validate(profile).Count == 0;
            }
            catch (RouterProfileException ex)
            {
                Interlocked.Increment(ref invalid);
                var lines = FuzzInputs.YamlLines(text);
                return ex.Message.Split(Environment.NewLine).All(problem => IsOneLocatedProblem(problem, lines));
            }
        }, iter: Iterations, print: FuzzInputs.Show);

        Assert.That(new[] { valid, invalid }, Is.All.GreaterThan(Iterations / 100), $"valid {valid}, invalid {invalid}");
    }

    // One line that names the file; a position, where there is one, on a character of its line or just past its end.
    private static bool IsOneLocatedProblem(string problem, string[] lines)
    {
        if (!problem.StartsWith(Source + ":", StringComparison.Ordinal) || FuzzInputs.YamlLines(problem).Length != 1)
        {
            return false;
        }

        var at = Position().Match(problem);
        if (!at.Success)
        {
            return true;
        }

        var line = Number(at, "line");
        var column = Number(at, "column");
        return line >= 1 && line <= lines.Length && column >= 1 && column <= lines[line - 1].Length + 1;
    }

    private static long Number(Match match, string group) => long.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^fuzz\.yaml:(?<line>-?\d+):(?<column>-?\d+):")]
    private static partial Regex Position();
}
