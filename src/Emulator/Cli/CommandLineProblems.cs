using System.CommandLine;
using System.CommandLine.Parsing;
using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Cli;

/// <summary>
/// What is wrong with a command line, in the user's words: unknown options and commands (with the likely one meant),
/// values of the wrong type (<c>--seed must be an integer, not 'abc'</c>), missing values and arguments. Every
/// command's unmatched tokens are worded here, and so is any token starting with <c>-</c> that landed in a command's
/// arguments (except after <c>--</c>): an unknown option is never taken as a scenario path.
/// </summary>
internal static class CommandLineProblems
{
    /// <summary>Every problem of <paramref name="result"/>, each as one line naming the command (<c>igdlab run: ...</c>).</summary>
    public static IReadOnlyList<string> Describe(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var command = result.CommandResult;
        var name = CommandPath(command);
        var problems = new List<string>();
        var strays = StrayTokens(result);
        var unknownOptions = strays.Where(LooksLikeOption).ToList();
        foreach (var token in unknownOptions)
        {
            problems.Add($"unknown option '{token}'{Hint(token, OptionNames(command), name)}");
        }

        var others = strays.Where(token => !LooksLikeOption(token)).ToList();
        if (command.Command.Subcommands.Count > 0 && others.Count > 0)
        {
            // The first word is the command meant; what follows it is that command's own arguments.
            var commands = command.Command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
            problems.Add($"unknown command '{others[0]}'{Hint(others[0], commands, name)}");
        }
        else if (unknownOptions.Count == 0)
        {
            // After an unknown option a stray word is most likely its value: the option is the problem to report.
            problems.AddRange(others.Select(token => $"unexpected argument '{token}'; see '{name} --help'"));
        }

        foreach (var error in result.Errors)
        {
            // An unmatched token's "Unrecognized command or argument" is worded above; a missing subcommand needs no
            // mention next to the unknown one given.
            var accountedFor = error.SymbolResult is CommandResult && strays.Count > 0
                && (IsMissingSubcommand(error, command) || result.UnmatchedTokens.Any(token => error.Message.Contains($"'{token}'", StringComparison.Ordinal)));
            if (!accountedFor && Translate(error, command, name) is { } problem)
            {
                problems.Add(problem);
            }
        }

        return [.. problems.Distinct(StringComparer.Ordinal).Select(problem => $"{name}: {problem}")];
    }

    /// <summary>
    /// True when the only problem is a command group without its subcommand (bare <c>igdlab</c>, <c>igdlab upnp</c>):
    /// the answer to that is the group's help.
    /// </summary>
    public static bool OnlyLacksSubcommand(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Errors.Count > 0
            && result.Errors.All(error => IsMissingSubcommand(error, result.CommandResult))
            && StrayTokens(result).Count == 0;
    }

    private static string? Translate(ParseError error, CommandResult command, string name)
    {
        switch (error.SymbolResult)
        {
            case CommandResult when IsMissingSubcommand(error, command):
                return $"a command is needed; see '{name} --help'";
            case OptionResult { Option: var option } optionResult:
                return OptionProblem(option, optionResult, error.Message);
            case ArgumentResult { Argument: var argument, Parent: CommandResult } argumentResult when argumentResult.Tokens.Count == 0:
                return $"{argument.HelpName ?? argument.Name} is missing ({Lower(argument.Description)}); see '{name} --help'";
            default:
                return error.Message;
        }
    }

    private static string OptionProblem(Option option, OptionResult result, string message)
    {
        if (OptionValues.Problem(option, result.Tokens.Select(t => t.Value)) is { } typeProblem)
        {
            return typeProblem;
        }

        if (result.Tokens.Count == 0)
        {
            return result.IdentifierToken is null
                ? $"{option.Name} is required"
                : $"{option.Name} needs a value{(OptionValues.Noun(option) is { } kind ? $": {kind}" : "")}";
        }

        if (result.Tokens.Count > 1 && option.Arity.MaximumNumberOfValues == 1)
        {
            return $"{option.Name} is given more than once";
        }

        return message;
    }

    private static bool IsMissingSubcommand(ParseError error, CommandResult leaf) =>
        error.SymbolResult is CommandResult { Command: var command } && ReferenceEquals(command, leaf.Command) && command.Subcommands.Count > 0 && command.Action is null;

    // Tokens no symbol took, and words starting with '-' that landed in a command's arguments (never after "--").
    private static List<string> StrayTokens(ParseResult result)
    {
        var afterDoubleDash = result.Tokens.SkipWhile(t => t.Type != TokenType.DoubleDash).ToHashSet(ReferenceEqualityComparer.Instance);
        var strays = new List<string>(result.UnmatchedTokens);
        for (SymbolResult? symbol = result.CommandResult; symbol is CommandResult command; symbol = command.Parent)
        {
            foreach (var argument in command.Children.OfType<ArgumentResult>())
            {
                strays.AddRange(argument.Tokens.Where(t => LooksLikeOption(t.Value) && !afterDoubleDash.Contains(t)).Select(t => t.Value));
            }
        }

        return strays;
    }

    private static bool LooksLikeOption(string token) => token.Length > 1 && token[0] == '-';

    // The options the leaf command accepts: its own, and the recursive ones of the commands above it (--help).
    private static List<string> OptionNames(CommandResult leaf)
    {
        var names = new List<string>();
        for (SymbolResult? symbol = leaf; symbol is CommandResult result; symbol = result.Parent)
        {
            var options = result.Command.Options.Where(o => !o.Hidden && (ReferenceEquals(result, leaf) || o.Recursive));
            names.AddRange(options.SelectMany(o => o.Aliases.Prepend(o.Name)));
        }

        return names;
    }

    // A one-letter option ("-x") is too short to guess from.
    private static string Hint(string token, IReadOnlyCollection<string> candidates, string name) =>
        !(token.Length <= 2 && token[0] == '-') && NameSuggester.Suggest(token, candidates) is { } suggestion ? $"; did you mean '{suggestion}'?" : $"; see '{name} --help'";

    private static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? symbol = command; symbol is CommandResult result; symbol = result.Parent)
        {
            names.Add(result.Parent is null ? "igdlab" : result.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }

    private static string Lower(string? text) =>
        string.IsNullOrEmpty(text) ? "" : char.ToLowerInvariant(text[0]) + text[1..];
}
