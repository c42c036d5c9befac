using LeadsAssurance.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddApplicationServices();

var app = builder.Build();
await app.InitializeDatabaseAsync(args);
if (args.Contains(DatabaseHosting.MigrateOnlyArgument))
    return;
app.UseApplicationPipeline();
app.Run();

public partial class Program;
