using System.Globalization;

namespace Workflows.LocalHost;

/// <summary>LocalHost's own options (<c>--in-memory</c>, <c>--port N</c>, <c>--azurite-ports N</c>); the rest goes to the host.</summary>
public sealed record LocalHostCommandLine(bool InMemory, int Port, int AzuritePortBase, string[] HostArgs, string? Error)
{
    public static LocalHostCommandLine Parse(string[] args)
    {
        var inMemory = args.Contains("--in-memory");
        var (port, portError) = ReadPort(args, "--port", 7071, 65535);
        var (azurite, azuriteError) = ReadPort(args, "--azurite-ports", AzuriteLauncher.DefaultPortBase, 65533);
        var consumed = new HashSet<int>();
        foreach (var name in new[] { "--port", "--azurite-ports" })
        {
            var index = Array.IndexOf(args, name);
            if (index >= 0)
            {
                consumed.Add(index);
                consumed.Add(index + 1);
            }
        }

        var hostArgs = args.Where((a, i) => a != "--in-memory" && !consumed.Contains(i)).ToArray();
        return new LocalHostCommandLine(inMemory, port, azurite, hostArgs, portError ?? azuriteError);
    }

    private static (int Value, string? Error) ReadPort(string[] args, string name, int fallback, int max)
    {
        var index = Array.IndexOf(args, name);
        if (index < 0)
        {
            return (fallback, null);
        }

        return
            index + 1 < args.Length
            && int.TryParse(args[index + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            && value is >= 1
            && value <= max
            ? (value, null)
            : (fallback, $"{name} needs a number from 1 to {max}.");
    }
}
