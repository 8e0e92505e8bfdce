using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using IgdLab.Emulator.Text;

namespace IgdLab.Emulator.Cli;

/// <summary>
/// What each type of option value accepts, in words — <c>--seed must be an integer, not 'abc'</c> — and the typed
/// options whose text System.CommandLine cannot parse by itself (durations, IP addresses, protocols).
/// </summary>
internal static class OptionValues
{
    private static readonly Dictionary<Type, (string Noun, Func<string, bool> Accepts)> Kinds = new()
    {
        [typeof(int)] = ("an integer", text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)),
        [typeof(uint)] = ("a whole number (0 or more)", text => uint.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)),
        [typeof(long)] = ("an integer", text => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)),
        [typeof(double)] = ("a number", text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)),
        [typeof(bool)] = ("true or false", text => bool.TryParse(text, out _)),
        [typeof(TimeSpan)] = ("a duration such as 300ms, 2s or 1.5m", text => DurationText.TryParse(text, out _)),
        [typeof(IPAddress)] = ("an IP address such as 192.168.1.10", text => IPAddress.TryParse(text, out _)),
        [typeof(MappingProtocol)] = ("TCP or UDP", text => MappingProtocolText.TryParse(text, caseSensitive: false, out _)),
    };

    /// <summary>
    /// What <paramref name="option"/> takes, in words (<c>an integer</c>), or null for free text.
    /// </summary>
    public static string? Noun(Option option) => Kinds.TryGetValue(ValueType(option), out var kind) ? kind.Noun : null;

    /// <summary>
    /// <c>--seed must be an integer, not 'abc'</c> for the first of <paramref name="tokens"/> that the option's type does
    /// not accept; null when all are accepted (or the type takes any text).
    /// </summary>
    public static string? Problem(Option option, IEnumerable<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(option);
        if (!Kinds.TryGetValue(ValueType(option), out var kind))
        {
            return null;
        }

        return tokens.FirstOrDefault(token => !kind.Accepts(token)) is { } rejected
            ? $"{option.Name} must be {kind.Noun}, not '{rejected}'"
            : null;
    }

    // The typed options below have no DefaultValueFactory: help would show its value as TimeSpan.ToString() (00:00:03).
    // Their default is written into the description as the user writes it, and the caller applies it when left out.

    /// <summary>A duration option (<c>300ms</c>, <c>2s</c>, <c>1.5m</c>; a bare number is seconds); null when left out.</summary>
    public static Option<TimeSpan?> Duration(string name, string description, TimeSpan? shownDefault = null) => new(name)
    {
        Description = WithDefault(description, shownDefault is { } value ? DurationText.Format(value) : null),
        HelpName = "duration",
        CustomParser = result => Parse<TimeSpan>(result, DurationText.TryParse),
    };

    /// <summary>An IP address option; null when left out.</summary>
    public static Option<IPAddress?> Address(string name, string description, IPAddress? shownDefault = null) => new(name)
    {
        Description = WithDefault(description, shownDefault?.ToString()),
        HelpName = "address",
        CustomParser = result => Parse<IPAddress>(result, IPAddress.TryParse),
    };

    /// <summary>A <c>TCP</c>/<c>UDP</c> option, either case; null when left out.</summary>
    public static Option<MappingProtocol?> Protocol(string name, string description, MappingProtocol? shownDefault = null) => new(name)
    {
        Description = WithDefault(description, shownDefault?.ToUpnp()),
        HelpName = "TCP|UDP",
        CustomParser = result => Parse(result, (string text, out MappingProtocol protocol) => MappingProtocolText.TryParse(text, caseSensitive: false, out protocol)),
    };

    // The same suffix System.CommandLine writes for a DefaultValueFactory.
    private static string WithDefault(string description, string? shownDefault) =>
        shownDefault is null ? description : $"{description} [default: {shownDefault}]";

    // The error is worded by Problem, as for the types System.CommandLine parses itself.
    private static T? Parse<T>(ArgumentResult result, TryParser<T> tryParse)
        where T : notnull
    {
        if (result.Tokens.Count == 0)
        {
            return default;
        }

        var text = result.Tokens[^1].Value;
        if (tryParse(text, out var value))
        {
            return value;
        }

        var option = (result.Parent as OptionResult)?.Option;
        result.AddError(option is not null && Problem(option, [text]) is { } problem ? problem : $"'{text}' is not valid");
        return default;
    }

    private static Type ValueType(Option option)
    {
        var type = option.ValueType;
        type = type.IsArray ? type.GetElementType()! : type;
        return Nullable.GetUnderlyingType(type) ?? type;
    }

    private delegate bool TryParser<T>(string text, [MaybeNullWhen(false)] out T value);
}
