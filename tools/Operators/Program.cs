// Operator keys for GoLive's admin and operator routes (only their hashes are stored; a key is printed once):
//   dotnet run --project tools/Operators -- issue --name alice --roles flags:admin,status:operate --expires 90d --secrets components/local/secrets.json
//   dotnet run --project tools/Operators -- revoke --id k7q2m4xwa3 --secrets components/local/secrets.json
//   dotnet run --project tools/Operators -- list --secrets components/local/secrets.json
using GoLive.Operators;

return new OperatorsCommand(Console.Out, Console.Error, TimeProvider.System).Run(args);
