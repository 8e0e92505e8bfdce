using System.Text;
using System.Text.RegularExpressions;
using IgdLab.Emulator.Running;

namespace IgdLab.Emulator.Cli;

/// <summary>
/// <c>--filter GLOB</c>, given once or more: a run is kept when any pattern matches its scenario's name or its whole
/// display name (<c>name [variant] on backend</c>). <c>*</c> matches any text, <c>?</c> one character; case is ignored.
/// </summary>
internal sealed class RunNameFilter
{
    private readonly List<(string Pattern, Regex Regex)> _patterns;

    public RunNameFilter(IEnumerable<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        _patterns = [.. patterns.Select(p => (p, ToRegex(p)))];
    }

    /// <summary>The patterns as given.</summary>
    public IReadOnlyList<string> Patterns => [.. _patterns.Select(p => p.Pattern)];

    /// <summary>True when no pattern was given: every run is kept.</summary>
    public bool KeepsAll => _patterns.Count == 0;

    /// <summary>Whether <paramref name="run"/> is kept.</summary>
    public bool Keeps(RunSettings run) => KeepsAll || _patterns.Any(p => Matches(p.Regex, run));

    /// <summary>Whether <paramref name="pattern"/>, one of the patterns given, keeps <paramref name="run"/>.</summary>
    public bool Keeps(string pattern, RunSettings run) =>
        Matches(_patterns.Find(p => p.Pattern == pattern) is { Regex: { } regex } ? regex : ToRegex(pattern), run);

    private static bool Matches(Regex regex, RunSettings run) => regex.IsMatch(run.Scenario.Name) || regex.IsMatch(run.DisplayName);

    private static Regex ToRegex(string glob)
    {
        var pattern = new StringBuilder(@"\A");
        foreach (var c in glob)
        {
            pattern.Append(c switch
            {
                '*' => ".*",
                '?' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }

        return new Regex(pattern.Append(@"\z").ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }
}
