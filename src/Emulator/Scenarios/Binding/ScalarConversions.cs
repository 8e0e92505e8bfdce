using System.Globalization;
using System.Text.RegularExpressions;
using IgdLab.Emulator.Scenarios.Yaml;
using IgdLab.Emulator.Text;

namespace IgdLab.Emulator.Scenarios.Binding;

/// <summary>
/// YAML values to .NET values under the YAML 1.2 core schema, with the plain message for each way a value can be wrong.
/// Each returns null on success and the problem otherwise.
/// </summary>
internal static partial class ScalarConversions
{
    public const string NoValue = "has no value";

    public static string? ToText(SourceNode node, out string value)
    {
        value = "";
        if (node is not SourceScalar scalar)
        {
            return $"expected text, not {node.Describe()}";
        }

        if (scalar.IsNull)
        {
            return NoValue;
        }

        value = scalar.Value;
        return null;
    }

    public static string? ToDuration(SourceNode node, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (node is not SourceScalar { IsNull: false } scalar)
        {
            return node is SourceScalar ? NoValue : $"expected a duration such as 300ms, 2s, 1.5m or 1h, not {node.Describe()}";
        }

        var text = scalar.Value;

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return $"'{text}' has no unit; write it as {text}ms, {text}s, {text}m or {text}h";
        }

        if (!DurationRegex().IsMatch(text))
        {
            return $"'{text}' is not a duration; write a number and a unit such as 300ms, 2s, 1.5m, 1h or 1d";
        }

        return DurationText.TryParse(text, out value) ? null : $"'{text}' is too long a duration";
    }

    public static string? ToInteger(SourceNode node, out int value)
    {
        value = 0;
        if (Plain(node, "a whole number") is { } problem)
        {
            return problem;
        }

        var text = ((SourceScalar)node).Value;
        if (!IntegerRegex().IsMatch(text))
        {
            return $"expected a whole number, not '{text}'";
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)
            ? null
            : $"{text} is out of range (a whole number from {int.MinValue} to {int.MaxValue})";
    }

    public static string? ToNumber(SourceNode node, out double value)
    {
        value = 0;
        if (Plain(node, "a number") is { } problem)
        {
            return problem;
        }

        var text = ((SourceScalar)node).Value;
        return NumberRegex().IsMatch(text)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value)
            ? null
            : $"expected a number, not '{text}'";
    }

    public static string? ToBoolean(SourceNode node, out bool value)
    {
        value = false;
        if (Plain(node, "true or false") is { } problem)
        {
            return problem;
        }

        switch (((SourceScalar)node).Value)
        {
            case "true" or "True" or "TRUE":
                value = true;
                return null;
            case "false" or "False" or "FALSE":
                return null;
            default:
                return $"expected true or false, not {node.Describe()}";
        }
    }

    /// <summary>One of <paramref name="allowed"/>, written exactly; a near miss gets a suggestion.</summary>
    public static string? ToWord(SourceNode node, IReadOnlyCollection<string> allowed, string what, out string value)
    {
        if (ToText(node, out value) is { } problem)
        {
            return problem;
        }

        return allowed.Contains(value) ? null : $"unknown {what} '{value}'{NameSuggester.Hint(value, allowed)}";
    }

    private static string? Plain(SourceNode node, string expected)
    {
        if (node is not SourceScalar scalar)
        {
            return $"expected {expected}, not {node.Describe()}";
        }

        if (scalar.IsNull)
        {
            return NoValue;
        }

        return scalar.IsPlain ? null : $"expected {expected}, not {scalar.Describe()} (remove the quotes)";
    }

    [GeneratedRegex(ScenarioVocabulary.DurationPattern, RegexOptions.CultureInvariant)]
    private static partial Regex DurationRegex();

    [GeneratedRegex("^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerRegex();

    [GeneratedRegex(@"^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberRegex();
}
