package dev.gatehouse.server.pages;

import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateNumberModel;
import freemarker.template.TemplateScalarModel;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes hosted pages: the operator's or the built-in template, in the reader's language, with the issuer's
 * branding and the security headers every page carries. Built once at start and shared by every request.
 *
 * <p>Every template sees, besides its own values: {@code lang} (the page's BCP 47 language tag),
 * {@code displayName}, {@code stylesheetUrl}, {@code customStylesheetUrl} (only when the operator
 * has an {@code assets/custom.css}), {@code logoUrl}, {@code formPostScriptUrl}, the function
 * {@code msg(key, args...)} that returns the text of {@code key} in the page's language, and {@code hasMsg(key)}
 * that tells whether there is one.
 */
public final class PageRenderer {
    private final PagesConfig config;
    private final PageTemplates templates;
    private final PageTexts texts;
    private final Assets assets;

    private PageRenderer(PagesConfig config, PageTemplates templates, PageTexts texts, Assets assets) {
        this.config = config;
        this.templates = templates;
        this.texts = texts;
        this.assets = assets;
    }

    /**
     * Reads the templates, texts and assets and parses each of {@code templateNames}.
     *
     * @throws IllegalStateException naming the file and the error when any of them is broken
     */
    public static PageRenderer create(PagesConfig config, List<String> templateNames) {
        PageTemplates templates = PageTemplates.create(config.directory());
        templates.check(templateNames);
        return new PageRenderer(config, templates, PageTexts.load(config.directory()), Assets.load(config.directory()));
    }

    public PagesConfig config() {
        return config;
    }

    public Assets assets() {
        return assets;
    }

    public PageLocales locales() {
        return texts.locales();
    }

    /** The page's language: {@code uiLocales} first, then the request's Accept-Language, else English. */
    public Locale locale(List<Locale> uiLocales, Context ctx) {
        return texts.locales().choose(uiLocales, ctx.header("Accept-Language"));
    }

    /** The text of {@code key} in {@code locale}, for what is not a page (a page's title in a log, say). */
    public String text(Locale locale, String key, Object... args) {
        return texts.text(locale, key, List.of(args));
    }

    /** @throws IllegalStateException when the template fails, naming it */
    public String render(String template, Locale locale, Map<String, ?> values) {
        Map<String, Object> model = new HashMap<>(values);
        model.put("lang", locale.toLanguageTag());
        model.put("displayName", config.displayName());
        model.put("stylesheetUrl", assets.url(Assets.STYLESHEET));
        if (assets.find(Assets.CUSTOM_STYLESHEET).isPresent()) {
            model.put("customStylesheetUrl", assets.url(Assets.CUSTOM_STYLESHEET));
        }
        model.put("logoUrl", assets.logoUrl());
        model.put("formPostScriptUrl", assets.url(Assets.FORM_POST_SCRIPT));
        model.put("msg", messages(locale));
        model.put("hasMsg", (TemplateMethodModelEx) arguments -> arguments.size() == 1
                && arguments.getFirst() instanceof TemplateScalarModel key && texts.has(locale, key.getAsString()));
        return templates.render(template, model);
    }

    /**
     * Renders {@code template} as the whole response with the page headers.
     *
     * @param formAction the page's CSP {@code form-action} sources, from {@link PageHeaders#formAction}
     * @param script     whether the page loads {@code /assets/*.js}
     */
    public void write(Context ctx, int status, String template, Locale locale, Map<String, ?> values, String formAction,
                      boolean script) {
        String html = render(template, locale, values);
        PageHeaders.page(ctx, formAction, script);
        ctx.header("Content-Language", locale.toLanguageTag());
        ctx.status(status).contentType("text/html; charset=utf-8").result(html);
    }

    private TemplateMethodModelEx messages(Locale locale) {
        return arguments -> {
            if (arguments.isEmpty() || !(arguments.getFirst() instanceof TemplateScalarModel key)) {
                throw new TemplateModelException("msg(key, args...): the key is a string");
            }
            List<Object> args = new ArrayList<>();
            for (Object a : arguments.subList(1, arguments.size())) {
                if (a instanceof TemplateScalarModel s) {
                    args.add(s.getAsString());
                } else if (a instanceof TemplateNumberModel n) {
                    args.add(n.getAsNumber());
                } else {
                    throw new TemplateModelException("msg(key, args...): arguments are strings or numbers");
                }
            }
            try {
                return texts.text(locale, key.getAsString(), args);
            } catch (IllegalArgumentException e) {
                throw new TemplateModelException(e.getMessage());
            }
        };
    }

    /** The languages the pages are shown in: the built-in ones and those the operator's directory adds. */
    public java.util.List<java.util.Locale> languages() {
        return texts.locales().supported();
    }
}
