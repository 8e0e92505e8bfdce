using YamlDotNet.Core;

namespace IgdLab.Igd.Yaml;

/// <summary>
/// A YAML syntax error said in the writer's terms — a tab in the indentation, bad indentation, a missing colon, an
/// unclosed quote or bracket — at the line and column where it is (one-based), instead of YamlDotNet's parser jargon
/// ("While scanning a plain scalar value, found invalid mapping") at the start of the enclosing mapping.
/// Shared by scenario files and router profile files.
/// </summary>
/// <param name="Line">The one-based line of the mistake.</param>
/// <param name="Column">The one-based column of the mistake.</param>
/// <param name="Message">What is wrong and how to fix it, without the position.</param>
public sealed record YamlSyntaxProblem(int Line, int Column, string Message)
{
    /// <summary>
    /// Words what <paramref name="exception"/> (a <see cref="YamlException"/>, or the <see cref="InvalidOperationException"/>
    /// and kin that YamlDotNet's scanner throws on some unclosed brackets) found in <paramref name="text"/>.
    /// </summary>
    /// <param name="exception">What YamlDotNet threw.</param>
    /// <param name="text">The YAML that was read.</param>
    /// <param name="line">Where to point when the exception has no position of its own (one-based).</param>
    /// <param name="column">The column to go with <paramref name="line"/>.</param>
    public static YamlSyntaxProblem Describe(Exception exception, string text, int line = 1, int column = 1)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(text);
        var lines = YamlLines.Of(text);
        if (exception is YamlException yaml)
        {
            line = (int)yaml.Start.Line;
            column = (int)yaml.Start.Column;
        }

        // YamlDotNet may place an error past the end of the text; the reading below looks at the line it names.
        line = Math.Clamp(line, 1, lines.Length);
        column = Math.Clamp(column, 1, lines[line - 1].Length + 1);

        return new YamlSyntaxReading(lines, line, column).Describe(exception);
    }

    /// <summary><c>line:column: message</c>.</summary>
    public override string ToString() => $"{Line}:{Column}: {Message}";
}
