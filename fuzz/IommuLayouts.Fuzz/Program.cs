using System;
using System.IO;
using System.Linq;
using SharpFuzz;

namespace IommuLayouts.Fuzz;

/// <summary>
/// <c>IommuLayouts.Fuzz &lt;target&gt;</c> runs a target under AFL++ (SharpFuzz's persistent mode, input on stdin);
/// <c>IommuLayouts.Fuzz &lt;target&gt; &lt;file|dir&gt;...</c> replays inputs without AFL and prints the first failure.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || !FuzzTargets.Names.Contains(args[0]))
        {
            Console.Error.WriteLine($"usage: IommuLayouts.Fuzz <{string.Join("|", FuzzTargets.Names)}> [input files or directories]");
            return 2;
        }

        var name = args[0];
        if (args.Length > 1)
        {
            var files = args.Skip(1).SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p) : [p]).ToArray();
            var failures = 0;
            foreach (var file in files)
            {
                try
                {
                    FuzzTargets.TryRun(name, File.ReadAllBytes(file));
                }
                catch (Exception ex)
                {
                    failures++;
                    Console.WriteLine($"{file}: {ex}");
                }
            }

            Console.WriteLine($"{files.Length} inputs, {failures} failures");
            return failures == 0 ? 0 : 1;
        }

        Fuzzer.Run(stream =>
        {
            using var ms = new MemoryStream();
            stream.CopyTo(ms);
            FuzzTargets.TryRun(name, ms.ToArray());
        });
        return 0;
    }
}
