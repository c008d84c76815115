using AtlasRestoreOperator.Operator.Crd;
using AtlasRestoreOperator.Operator.Hosting;

if (args.Length > 0 && args[0] == GenerateCrdCommand.Name)
{
    return GenerateCrdCommand.Run(args[1..], Console.Out, Console.Error);
}

return await OperatorCommandLine.RunAsync(args, async (options, loggerFactory, cancellationToken) =>
{
    await using var host = new OperatorHost(new OperatorHostOptions(options), loggerFactory);
    await host.RunAsync(cancellationToken).ConfigureAwait(false);
    return 0;
}).ConfigureAwait(false);
