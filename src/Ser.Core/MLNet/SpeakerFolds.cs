using Microsoft.ML;
using Microsoft.ML.Data;
using Ser.Core.Data;

namespace Ser.Core.MLNet;

/// <summary>
/// Adds a Key column numbering each row's speaker fold (1 … k, gender-balanced as <see cref="Splits.KFoldBySpeaker"/>
/// deals them), so that <c>mlContext.MulticlassClassification.CrossValidate(data, pipeline, k, samplingKeyColumnName: "Fold")</c>
/// runs exactly those folds (ML.NET splits a Key sampling column into contiguous key ranges).
/// </summary>
internal static class SpeakerFolds
{
    public static IDataView Add(IDataView data, int folds, string speakerColumn, string? genderColumn, string outputColumn, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        const string stage = "AddSpeakerFolds";
        var speaker = TextColumn(data.Schema, speakerColumn, stage);
        DataViewSchema.Column? gender = genderColumn is null ? null : data.Schema.GetColumnOrNull(genderColumn) is { } g ? TextColumn(data.Schema, g.Name, stage) : null;
        var seen = new List<(string, Gender)>();
        using (var cursor = data.GetRowCursor(gender is { } gc ? [speaker, gc] : [speaker]))
        {
            var speakerGetter = cursor.GetGetter<ReadOnlyMemory<char>>(speaker);
            var genderGetter = gender is { } gg ? cursor.GetGetter<ReadOnlyMemory<char>>(gg) : null;
            ReadOnlyMemory<char> s = default, sex = default;
            while (cursor.MoveNext())
            {
                speakerGetter(ref s);
                genderGetter?.Invoke(ref sex);
                seen.Add((s.ToString(), Genders.Parse(sex.Span)));
            }
        }
        var foldOf = Splits.FoldOfSpeaker(seen, folds, seed);
        var mapper = new BoundMapper(data.Schema, [new ColumnSpec(outputColumn, new KeyDataViewType(typeof(uint), folds))], [speaker.Index],
            row => new Worker(row, speaker, foldOf));
        return new MappedDataView(data, mapper);
    }

    private static DataViewSchema.Column TextColumn(DataViewSchema schema, string name, string stage) =>
        SchemaColumns.Require(schema, stage, name, "a Text column", t => t is TextDataViewType);

    private sealed class Worker : RowWorker
    {
        private readonly ValueGetter<ReadOnlyMemory<char>> _speaker;
        private readonly IReadOnlyDictionary<string, int> _foldOf;
        private ReadOnlyMemory<char> _value;
        private uint _fold;

        public Worker(DataViewRow input, DataViewSchema.Column speaker, IReadOnlyDictionary<string, int> foldOf) : base(input)
        {
            _speaker = input.GetGetter<ReadOnlyMemory<char>>(speaker);
            _foldOf = foldOf;
        }

        protected override void Compute()
        {
            _speaker(ref _value);
            _fold = _foldOf.TryGetValue(_value.ToString(), out int f) ? (uint)f + 1 : 0;
        }

        public override Delegate Getter(int output) => Make(() => _fold);
    }
}
