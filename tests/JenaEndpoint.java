import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.sparql.core.DatasetDescription;
import org.apache.jena.sparql.core.DynamicDatasets;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.TDB2;
import org.apache.jena.tdb2.TDB2Factory;
import org.apache.jena.update.UpdateAction;

/**
 * Apache Jena ARQ over a TDB2 dataset behind the SPARQL 1.1 Protocol (query and update), for
 * munikg's store tests: Debian packages Jena's libraries but not Fuseki, and a JVM per query
 * would start 21 times. The default graph is the union of the named graphs, as in munikg's
 * embedded store; default-graph-uri / named-graph-uri make a request's dataset, as in Fuseki.
 * A parse error is answered 400 and any other failure 500 (a query running longer than
 * TIMEOUT seconds among them), with Jena's message as the body.
 *
 * <p>Usage: java -cp JENA JenaEndpoint.java TDB2_DIRECTORY PORT TIMEOUT
 */
public class JenaEndpoint {
    public static void main(String[] args) throws IOException {
        Dataset dataset = TDB2Factory.connectDataset(args[0]);
        dataset.getContext().set(TDB2.symUnionDefaultGraph, true);
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1]));
        long timeout = Long.parseLong(args[2]);
        HttpServer server = HttpServer.create(address, 0);
        server.createContext(
            "/query", exchange -> answer(exchange, (form, out) -> query(dataset, form, timeout, out)));
        server.createContext("/update", exchange -> answer(exchange, (form, out) -> {
            String text = form.containsKey("update") ? form.get("update").get(0) : body(exchange);
            Txn.executeWrite(dataset, () -> UpdateAction.parseExecute(text, dataset));
            return "text/plain; charset=utf-8";
        }));
        server.start();
    }

    /** What a request asks for, done: the media type of what it wrote. */
    interface Action {
        String run(Map<String, List<String>> form, ByteArrayOutputStream out) throws IOException;
    }

    static void answer(HttpExchange exchange, Action action) throws IOException {
        int status = 200;
        String type = "text/plain; charset=utf-8";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            type = action.run(form(exchange), out);
        } catch (QueryParseException error) {
            status = 400;
            out.reset();
            out.writeBytes(("Parse error: " + error.getMessage()).getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException error) {
            status = 500;
            out.reset();
            out.writeBytes(String.valueOf(error).getBytes(StandardCharsets.UTF_8));
        }
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, out.size() == 0 ? -1 : out.size());
        exchange.getResponseBody().write(out.toByteArray());
        exchange.close();
    }

    static String query(
            Dataset dataset, Map<String, List<String>> form, long timeout, ByteArrayOutputStream out) {
        Query query = QueryFactory.create(form.getOrDefault("query", List.of("")).get(0));
        DatasetDescription description = DatasetDescription.create(
            form.getOrDefault("default-graph-uri", List.of()),
            form.getOrDefault("named-graph-uri", List.of()));
        String[] type = {"application/sparql-results+json"};
        Txn.executeRead(dataset, () -> {
            Dataset target = description.isEmpty()
                ? dataset : DynamicDatasets.dynamicDataset(description, dataset, false);
            try (QueryExecution execution = QueryExecution.dataset(target)
                    .query(query).timeout(timeout, TimeUnit.SECONDS).build()) {
                if (query.isSelectType()) {
                    ResultSetFormatter.outputAsJSON(out, execution.execSelect());
                } else if (query.isAskType()) {
                    ResultSetFormatter.outputAsJSON(out, execution.execAsk());
                } else {
                    type[0] = "text/turtle";
                    var model = query.isConstructType()
                        ? execution.execConstruct() : execution.execDescribe();
                    RDFDataMgr.write(out, model, Lang.TURTLE);
                }
            }
        });
        return type[0];
    }

    /** The parameters of the query string and of a form-encoded body. */
    static Map<String, List<String>> form(HttpExchange exchange) throws IOException {
        Map<String, List<String>> form = new HashMap<>();
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        List<String> parts = new ArrayList<>();
        if (exchange.getRequestURI().getRawQuery() != null) {
            parts.add(exchange.getRequestURI().getRawQuery());
        }
        if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
            parts.add(body(exchange));
        }
        for (String part : parts) {
            for (String pair : part.split("&")) {
                String[] kv = pair.split("=", 2);
                String value = kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
                form.computeIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    k -> new ArrayList<>()).add(value);
            }
        }
        return form;
    }

    static String body(HttpExchange exchange) throws IOException {
        return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }
}
