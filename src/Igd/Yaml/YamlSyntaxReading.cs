using YamlDotNet.Core;

namespace IgdLab.Igd.Yaml;

/// <summary>
/// Looks at the text around the place YamlDotNet gave up to tell which everyday mistake it is. YamlDotNet's messages
/// name the parser state, not the mistake, and often point at the mapping that contains it; the text says more.
/// </summary>
internal sealed class YamlSyntaxReading(string[] lines, int line, int column)
{
    public YamlSyntaxProblem Describe(Exception exception)
    {
        var message = exception.Message;
        if (exception is not YamlException)
        {
            // The scanner's InvalidOperationException and kin: in practice an unclosed [ or {.
            return UnclosedBracket() ?? At(line, column, $"cannot read the structure that starts here; look for an unclosed bracket, brace or quote ({message})");
        }

        if (Has(message, "tab") && IndentationTab() is { } tab)
        {
            return tab;
        }

        if (Has(message, "unknown escape"))
        {
            return At(line, column, "unknown escape in a double-quoted value; write \\\\ for a backslash, or use single quotes");
        }

        if (Has(message, "quoted scalar"))
        {
            var quote = CharAt(line, column) is '\'' ? '\'' : '"';
            return At(line, column, $"unclosed quote: the {quote} here has no closing {quote}");
        }

        if (Has(message, "flow sequence") || Has(message, "flow mapping"))
        {
            return UnclosedBracket() ?? At(line, column, $"unclosed bracket or brace ({message})");
        }

        if (Has(message, "cannot start any token") && CharAt(line, column) is { } character)
        {
            return At(line, column, $"a value cannot start with '{character}'; put it in quotes");
        }

        if (Has(message, "found invalid mapping"))
        {
            return ColonInWrongPlace();
        }

        if (Has(message, "did not find expected key"))
        {
            return NotAKey();
        }

        if (Has(message, "did not find expected '-' indicator"))
        {
            return BadIndentation(line);
        }

        return At(line, column, $"YAML syntax error ({message})");
    }

    // "key: value: more" on one line, or a line read as the continuation of the value above it: the line above has
    // no colon, or this line is indented under a key that already has its value.
    private YamlSyntaxProblem ColonInWrongPlace()
    {
        var text = Line(line);
        var before = text[..Math.Min(Math.Max(column - 1, 0), text.Length)];
        if (before.Contains(": ", StringComparison.Ordinal) || before.TrimEnd().EndsWith(':'))
        {
            return At(line, column, "a second ': ' on one line; put a value that contains ': ' in quotes, or start the nested mapping on its own line");
        }

        var above = LineAbove(line);
        if (above > 0 && !HasKeyColon(Line(above)))
        {
            return MissingColon(above);
        }

        return At(line, Indent(line) + 1, $"bad indentation: '{FirstWord(line)}' is indented under a line that already has its value");
    }

    private YamlSyntaxProblem NotAKey()
    {
        var text = Line(line);
        if (CharAt(line, column) is (']' or '}') and var bracket)
        {
            return At(line, column, $"'{bracket}' closes nothing");
        }

        var content = text.TrimStart();
        if (content.StartsWith('-'))
        {
            return At(line, Indent(line) + 1, "a list item ('- ') where a 'key: value' was expected; indent the list under its key");
        }

        var colon = KeyColon(text);
        if (colon < 0)
        {
            return MissingColon(line);
        }

        if (colon + 1 < text.Length && !char.IsWhiteSpace(text[colon + 1]))
        {
            return At(line, colon + 1, $"missing space after ':'; write '{text[..(colon + 1)].Trim()} {text[(colon + 1)..].Trim()}'");
        }

        return BadIndentation(line);
    }

    private YamlSyntaxProblem MissingColon(int at) =>
        At(at, Indent(at) + FirstWord(at).Length + 1, $"missing ':' after '{FirstWord(at)}'; write '{FirstWord(at)}: value'");

    private YamlSyntaxProblem BadIndentation(int at) =>
        At(at, Indent(at) + 1, $"bad indentation: '{FirstWord(at)}' ({Indent(at)} spaces in) lines up with no key or list item above it");

    // The first tab in a line's leading whitespace, from the line YamlDotNet named (often the enclosing mapping's).
    private YamlSyntaxProblem? IndentationTab()
    {
        for (var number = line; number <= lines.Length; number++)
        {
            var text = Line(number);
            var leading = text.Length - text.TrimStart(' ', '\t').Length;
            var tab = text.IndexOf('\t', StringComparison.Ordinal);
            if (tab >= 0 && tab < leading)
            {
                return At(number, tab + 1, "a tab in the indentation; YAML indents with spaces only");
            }

            // A tab after "- " or in the middle of an indentation run also counts as indentation.
            var dash = text.TrimStart(' ');
            if (dash.StartsWith("-\t", StringComparison.Ordinal))
            {
                return At(number, text.Length - dash.Length + 2, "a tab in the indentation; YAML indents with spaces only");
            }
        }

        return null;
    }

    // The innermost [ or { still open at the end of the text (or at the error, when one is closed too late), outside
    // quotes and comments.
    private YamlSyntaxProblem? UnclosedBracket()
    {
        var open = new Stack<(char Bracket, int Line, int Column)>();
        char? quote = null;
        for (var number = 1; number <= lines.Length; number++)
        {
            var text = Line(number);
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (quote is { } q)
                {
                    if (c == '\\' && q == '"')
                    {
                        i++;
                    }
                    else if (c == q)
                    {
                        quote = null;
                    }

                    continue;
                }

                var startsValue = i == 0 || char.IsWhiteSpace(text[i - 1]) || text[i - 1] is '[' or '{' or ',' or ':';
                switch (c)
                {
                    case '#' when i == 0 || char.IsWhiteSpace(text[i - 1]):
                        i = text.Length;
                        break;
                    case '\'' or '"' when startsValue:
                        quote = c;
                        break;
                    case '[' or '{':
                        open.Push((c, number, i + 1));
                        break;
                    case ']' or '}' when open.Count > 0 && open.Peek().Bracket == (c == ']' ? '[' : '{'):
                        open.Pop();
                        break;
                }
            }

            // A block key at the left margin while a bracket is open: the bracket was never closed.
            if (open.Count > 0 && number < lines.Length && KeyColon(Line(number + 1)) > 0 && Indent(number + 1) == 0)
            {
                break;
            }
        }

        if (open.Count == 0)
        {
            return null;
        }

        var (bracket, atLine, atColumn) = open.Peek();
        return At(atLine, atColumn, $"unclosed '{bracket}': no '{(bracket == '[' ? ']' : '}')}' closes it");
    }

    private static bool Has(string message, string part) => message.Contains(part, StringComparison.OrdinalIgnoreCase);

    private static YamlSyntaxProblem At(int line, int column, string message) => new(line, Math.Max(column, 1), message);

    private string Line(int number) => number >= 1 && number <= lines.Length ? lines[number - 1] : "";

    private char? CharAt(int number, int col)
    {
        var text = Line(number);
        return col >= 1 && col <= text.Length ? text[col - 1] : null;
    }

    private int Indent(int number)
    {
        var text = Line(number);
        return text.Length - text.TrimStart(' ').Length;
    }

    // The first word of a line, after a list dash: the key the writer meant.
    private string FirstWord(int number)
    {
        var content = Line(number).TrimStart().TrimStart('-').TrimStart();
        var end = content.IndexOfAny([' ', '\t', ':']);
        return end < 0 ? content : content[..end];
    }

    private int LineAbove(int number)
    {
        for (var above = number - 1; above >= 1; above--)
        {
            var content = Line(above).Trim();
            if (content.Length > 0 && !content.StartsWith('#'))
            {
                return above;
            }
        }

        return 0;
    }

    private static bool HasKeyColon(string text) => KeyColon(text) >= 0;

    // The index of a key's colon: a ':' followed by a space or the line's end, or followed by text ("key:value").
    private static int KeyColon(string text)
    {
        var comment = text.IndexOf(" #", StringComparison.Ordinal);
        var content = comment >= 0 ? text[..comment] : text;
        var start = content.Length - content.TrimStart(' ', '-').Length;
        var colon = content.IndexOf(':', start);
        return colon > start ? colon : -1;
    }
}
