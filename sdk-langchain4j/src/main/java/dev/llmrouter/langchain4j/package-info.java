/**
 * LangChain4j over llmrouter: {@link dev.llmrouter.langchain4j.LlmRouterChatModel} and
 * {@link dev.llmrouter.langchain4j.LlmRouterStreamingChatModel} let any LangChain4j code (AI
 * Services, tools, memory, RAG) send its requests through an {@link dev.llmrouter.LlmRouter}, and
 * {@link dev.llmrouter.langchain4j.LlmRouterChatResponseMetadata} tells how each was routed.
 * API: what applications use. See docs/langchain4j.md for what maps to what.
 */
package dev.llmrouter.langchain4j;
