package dev.gatehouse.server.pages;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.StrongCacheStorage;
import freemarker.cache.TemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.core.ParseException;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.SimpleHash;
import freemarker.template.SimpleObjectWrapper;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateModel;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Apache FreeMarker, configured once: {@code .ftlh} templates in HTML output format (every {@code ${...}} is
 * escaped), looked up in the operator's directory first and then on the classpath under {@code /pages/}. The
 * data model is plain strings, booleans, lists and maps: templates cannot reach Java objects, create classes
 * ({@code ?new}) or call the Java API ({@code ?api}). Template errors are thrown, never written into a page.
 */
final class PageTemplates {
    private final Configuration freemarker;
    private final SimpleObjectWrapper wrapper;
    private final String origin;

    private PageTemplates(Configuration freemarker, SimpleObjectWrapper wrapper, String origin) {
        this.freemarker = freemarker;
        this.wrapper = wrapper;
        this.origin = origin;
    }

    static PageTemplates create(Optional<Path> directory) {
        SimpleObjectWrapper wrapper = new SimpleObjectWrapper(Configuration.VERSION_2_3_34);
        wrapper.writeProtect();
        Configuration c = new Configuration(Configuration.VERSION_2_3_34);
        c.setTemplateLoader(loader(directory));
        c.setDefaultEncoding(StandardCharsets.UTF_8.name());
        c.setOutputEncoding(StandardCharsets.UTF_8.name());
        c.setRecognizeStandardFileExtensions(true);
        c.setOutputFormat(HTMLOutputFormat.INSTANCE);
        c.setObjectWrapper(wrapper);
        c.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        c.setAPIBuiltinEnabled(false);
        c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        c.setLogTemplateExceptions(false);
        c.setAttemptExceptionReporter((e, env) -> { });
        c.setWrapUncheckedExceptions(true);
        c.setFallbackOnNullLoopVariable(false);
        c.setLocalizedLookup(false);
        // read at start and kept: a changed template takes effect at the next start, where it is checked
        c.setTemplateUpdateDelayMilliseconds(Long.MAX_VALUE);
        c.setCacheStorage(new StrongCacheStorage());
        return new PageTemplates(c, wrapper, directory.map(d -> " (pages directory " + d + ", then built-in)")
                .orElse(" (built-in)"));
    }

    /**
     * Parses each template now.
     *
     * @throws IllegalStateException naming the template and the error
     */
    void check(List<String> names) {
        for (String name : names) {
            template(name);
        }
    }

    /** @throws IllegalStateException naming the template and the error */
    String render(String name, Map<String, ?> model) {
        Template template = template(name);
        StringWriter out = new StringWriter(4096);
        try {
            template.process(model(model), out);
        } catch (TemplateException e) {
            throw new IllegalStateException("page template " + name + origin + " failed"
                    + (e.getLineNumber() == null ? "" : " at line " + e.getLineNumber() + ", column " + e.getColumnNumber())
                    + ": " + e.getMessageWithoutStackTop().strip(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private SimpleHash model(Map<String, ?> model) {
        SimpleHash hash = new SimpleHash(wrapper);
        model.forEach((k, v) -> hash.put(k, v instanceof TemplateModel m ? m : v));
        return hash;
    }

    private Template template(String name) {
        try {
            return freemarker.getTemplate(name);
        } catch (ParseException e) {
            throw new IllegalStateException("page template " + e.getTemplateName() + origin + " line "
                    + e.getLineNumber() + ", column " + e.getColumnNumber() + ": " + e.getEditorMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("page template " + name + origin + ": " + e.getMessage(), e);
        }
    }

    private static TemplateLoader loader(Optional<Path> directory) {
        List<TemplateLoader> loaders = new ArrayList<>();
        if (directory.isPresent()) {
            try {
                loaders.add(new FileTemplateLoader(directory.get().toFile()));
            } catch (IOException e) {
                throw new IllegalStateException("pages directory " + directory.get() + ": " + e.getMessage(), e);
            }
        }
        loaders.add(new ClassTemplateLoader(PageTemplates.class, "/pages"));
        return new MultiTemplateLoader(loaders.toArray(TemplateLoader[]::new));
    }
}
