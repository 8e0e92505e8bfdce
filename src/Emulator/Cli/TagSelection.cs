using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Cli;

/// <summary>
/// <c>--tag T</c> (play only scenarios with one of the tags) and <c>--skip-tag T</c> (leave out scenarios with any).
/// A scenario tagged <see cref="ScenarioVocabulary.SlowTag"/> found in a folder is left out unless <c>--tag slow</c>
/// asks for it: CI suites stay quick by default. A file named on the command line escapes that default, since naming
/// it asks for it; the tags the user gives still apply to it.
/// </summary>
internal sealed class TagSelection
{
    private static readonly TagExclusion Slow = new($"tagged {ScenarioVocabulary.SlowTag}", $"add --tag {ScenarioVocabulary.SlowTag} to play");

    private readonly IReadOnlyList<string> _wanted;
    private readonly IReadOnlyList<string> _skipped;

    public TagSelection(IReadOnlyList<string> wanted, IReadOnlyList<string> skipped)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        ArgumentNullException.ThrowIfNull(skipped);
        _wanted = [.. wanted.Distinct(StringComparer.Ordinal)];
        _skipped = [.. skipped.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Every tag given, <c>--tag</c> ones first.</summary>
    public IEnumerable<string> Given => _wanted.Concat(_skipped);

    /// <summary>What is wrong with the tags given: words that are not tags, a tag both wanted and skipped.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var (option, tag) in _wanted.Select(t => ("--tag", t)).Concat(_skipped.Select(t => ("--skip-tag", t))))
        {
            if (!ScenarioVocabulary.IsTag(tag))
            {
                yield return $"{option} '{tag}' is not a tag; tags are lowercase words of a-z, 0-9 and '-'";
            }
        }

        foreach (var tag in _wanted.Intersect(_skipped, StringComparer.Ordinal))
        {
            yield return $"--tag {tag} and --skip-tag {tag} contradict each other";
        }
    }

    /// <summary>Why <paramref name="scenario"/> is left out, or null when it plays.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="namedFile">Whether its file was named on the command line rather than found in a folder.</param>
    public TagExclusion? LeftOut(Scenario scenario, bool namedFile)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (_skipped.FirstOrDefault(scenario.Tags.Contains) is { } skipped)
        {
            return new TagExclusion($"tagged {skipped}", $"drop --skip-tag {skipped} to play");
        }

        if (_wanted.Count > 0 && !_wanted.Any(scenario.Tags.Contains))
        {
            return new TagExclusion(
                $"without the tag{(_wanted.Count == 1 ? "" : "s")} {string.Join(" or ", _wanted)}", "name one of their tags with --tag, or give no --tag, to play");
        }

        var slowAskedFor = namedFile || _wanted.Contains(ScenarioVocabulary.SlowTag, StringComparer.Ordinal);
        return scenario.Tags.Contains(ScenarioVocabulary.SlowTag, StringComparer.Ordinal) && !slowAskedFor ? Slow : null;
    }
}
