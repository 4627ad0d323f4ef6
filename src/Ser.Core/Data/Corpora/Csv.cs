using System.Text;

namespace Ser.Core.Data.Corpora;

/// <summary>A small RFC 4180 CSV reader: quoted fields, doubled quotes, commas and newlines inside quotes.</summary>
internal static class Csv
{
    internal static List<List<string>> ReadFile(string path) => Parse(File.ReadAllText(path));

    internal static List<List<string>> Parse(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, any = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else quoted = false;
                }
                else field.Append(c);
                continue;
            }
            switch (c)
            {
                case '"': quoted = true; any = true; break;
                case ',': row.Add(field.ToString()); field.Clear(); any = true; break;
                case '\r': break;
                case '\n':
                    if (any || field.Length > 0) { row.Add(field.ToString()); rows.Add(row); }
                    row = new List<string>();
                    field.Clear();
                    any = false;
                    break;
                default: field.Append(c); any = true; break;
            }
        }
        if (quoted) throw new FormatException("unterminated quoted field at the end of the file");
        if (any || field.Length > 0) { row.Add(field.ToString()); rows.Add(row); }
        if (rows.Count > 0 && rows[0].Count > 0 && rows[0][0].StartsWith('\uFEFF')) rows[0][0] = rows[0][0][1..];
        return rows;
    }
}
