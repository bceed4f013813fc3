using System;
using System.CommandLine;

namespace IommuLayouts.Cli;

/// <summary>The entry an inspecting command works on: 64-bit words as arguments, or <c>--bytes</c> from a memory dump.</summary>
internal sealed class EntryInput
{
    private readonly Argument<string[]> _words = new("words")
    {
        Description = "64-bit words in hex, word 0 first (0x optional, '_' allowed; one argument may hold several, "
            + "separated by spaces, commas or newlines; '-' reads them from standard input); missing trailing words are zero",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private readonly Option<string> _bytes = new("--bytes")
    {
        Description = "The entry as raw little-endian bytes in hex, as in a memory dump (\"01 00 00 00 ...\"), instead of words",
    };

    public void AddTo(Command command)
    {
        command.Arguments.Add(_words);
        command.Options.Add(_bytes);
    }

    public ulong[] Read(ParseResult parse, LayoutInfo layout, CommandContext ctx)
    {
        var words = parse.GetValue(_words) ?? Array.Empty<string>();
        var bytes = parse.GetValue(_bytes);
        if (words is ["-"])
        {
            words = [ctx.ReadStandardInput("the words")];
        }
        else if (Array.IndexOf(words, "-") >= 0)
        {
            throw new UsageException("'-' (read the words from standard input) must be the only word given");
        }

        if (bytes == "-")
        {
            bytes = ctx.ReadStandardInput("--bytes");
        }
        if (bytes is null)
        {
            return HexInput.ParseWords(layout, words);
        }

        if (words.Length > 0)
        {
            throw new UsageException($"give the entry either as words or with --bytes, not both (word '{words[0]}' was given with --bytes)");
        }

        return HexInput.ParseBytes(layout, bytes);
    }
}
