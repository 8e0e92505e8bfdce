using System.Globalization;
using System.Text.RegularExpressions;
using CsCheck;
using IgdLab.Igd.Profiles;
using IgdLab.TestUtilities;

namespace IgdLab.Igd.Tests.Profiles;

/// <summary>
/// Random text and mutations of the built-in profile files through the profile parser: whatever a file holds, parsing
/// gives a valid profile or a <see cref="RouterProfileException"/> whose every problem names the file, and every
/// position it gives lies inside the text; nothing else is thrown.
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
        "\r", "\0", "ip", "ppp", "unknownKey: 1", "quirks: [nonsense]",
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
                var lines = 1 + text.ReplaceLineEndings("\n").Count(c => c == '\n');
                var problems = ex.Message.Split(Environment.NewLine);
                return problems.All(problem => problem.StartsWith(Source + ":", StringComparison.Ordinal)
                    && (Position().Match(problem) is not { Success: true } at
                        || (Number(at, "line") is var line && line >= 1 && line <= lines + 1 && Number(at, "column") >= 1)));
            }
        }, iter: Iterations, print: FuzzInputs.Show);

        Assert.That(new[] { valid, invalid }, Is.All.GreaterThan(Iterations / 100), $"valid {valid}, invalid {invalid}");
    }

    private static long Number(Match match, string group) => long.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^fuzz\.yaml:(?<line>-?\d+):(?<column>-?\d+):")]
    private static partial Regex Position();
}
