using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ser.Core.MLNet;

/// <summary>JSON settings shared by stage serialisation: enums as names, indented, exact doubles.</summary>
internal static class StageJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };
}
