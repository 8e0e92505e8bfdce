namespace IgdLab.Benchmarks;

/// <summary>A small aligned table of figures: a title, a header row, rows, and notes that say how to read them.</summary>
internal sealed class FigureTable(string title, params string[] headers)
{
    private readonly List<string[]> _rows = [];
    private readonly List<string> _notes = [];

    /// <summary>Adds a row; the first cell is a label, the others figures.</summary>
    public FigureTable Row(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"{cells.Length} cells for {headers.Length} columns", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }

    /// <summary>Adds a line printed under the table.</summary>
    public FigureTable Note(string note)
    {
        _notes.Add(note);
        return this;
    }

    /// <summary>Writes the table: labels left-aligned, figures right-aligned.</summary>
    public void Print(TextWriter output)
    {
        var widths = headers.Select((header, column) => _rows.Select(row => row[column].Length).Prepend(header.Length).Max()).ToArray();
        output.WriteLine();
        output.WriteLine(title);
        output.WriteLine(Line(headers));
        output.WriteLine(string.Join("  ", widths.Select(width => new string('-', width))));
        foreach (var row in _rows)
        {
            output.WriteLine(Line(row));
        }

        foreach (var note in _notes)
        {
            output.WriteLine("  " + note);
        }

        string Line(string[] cells) =>
            string.Join("  ", cells.Select((cell, column) => column == 0 ? cell.PadRight(widths[column]) : cell.PadLeft(widths[column]))).TrimEnd();
    }
}
