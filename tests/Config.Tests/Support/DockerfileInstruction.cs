namespace AtlasRestoreOperator.Config.Tests.Support;

/// <summary>One Dockerfile instruction, continuation lines joined: the keyword (upper case) and its arguments.</summary>
internal sealed record DockerfileInstruction(string Keyword, string Arguments)
{
    public static IReadOnlyList<DockerfileInstruction> Parse(string dockerfile)
    {
        var instructions = new List<DockerfileInstruction>();
        var pending = "";
        foreach (var rawLine in dockerfile.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r').Trim();
            if (line.StartsWith('#') || (line.Length == 0 && pending.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1].Trim() + " ";
                continue;
            }

            var whole = (pending + line).Trim();
            pending = "";
            if (whole.Length == 0)
            {
                continue;
            }

            var space = whole.IndexOf(' ');
            instructions.Add(space < 0
                ? new DockerfileInstruction(whole.ToUpperInvariant(), "")
                : new DockerfileInstruction(whole[..space].ToUpperInvariant(), whole[(space + 1)..].Trim()));
        }

        return instructions;
    }
}
