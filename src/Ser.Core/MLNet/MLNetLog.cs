using System.Reflection;
using Microsoft.ML.Runtime;

namespace Ser.Core.MLNet;

/// <summary>
/// Writes Ser.Core's messages to ML.NET's log (<c>mlContext.Log</c>). ML.NET 5 exposes a catalog's environment only
/// through an internal interface, so it is read by reflection once per trainer; where that fails (another ML.NET
/// version), messages go to the trainer's <see cref="IProgress{T}"/> only.
/// </summary>
internal static class MLNetLog
{
    /// <summary>The host environment (the MLContext) behind an ML.NET catalog object, or null.</summary>
    public static IHostEnvironment? EnvironmentOf(object catalog)
    {
        for (var type = catalog.GetType(); type is not null; type = type.BaseType)
        {
            foreach (var p in type.GetProperties(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
            {
                if (typeof(IHostEnvironment).IsAssignableFrom(p.PropertyType) && p.GetIndexParameters().Length == 0)
                {
                    try
                    {
                        if (p.GetValue(catalog) is IHostEnvironment env) return env;
                    }
                    catch (TargetInvocationException)
                    {
                        // not this one
                    }
                }
            }
        }
        return null;
    }

    /// <summary>A channel named <paramref name="name"/> on <paramref name="environment"/>, or null.</summary>
    public static IChannel? Open(IHostEnvironment? environment, string name) => environment?.Register(name).Start(name);
}
