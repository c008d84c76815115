using AtlasRestoreOperator.Operator.Crd;
using AtlasRestoreOperator.Operator.Hosting;

if (args.Length > 0 && args[0] == GenerateCrdCommand.Name)
{
    return GenerateCrdCommand.Run(args[1..], Console.Out, Console.Error);
}

return await OperatorCommandLine.RunAsync(args, OperatorCommandLine.RunOperatorAsync).ConfigureAwait(false);
