// The seed lesson "why is it still 6 seconds?": processa_dados needs consulta_dados' result, grava_log needs nothing.
#include <coroutine>

// A minimal lazy task, enough to co_await a call and co_return its value.
template <class T> struct Task {
  struct promise_type {
    Task get_return_object();
    std::suspend_always initial_suspend();
    std::suspend_always final_suspend() noexcept;
    void return_value(T);
    void unhandled_exception();
  };
  bool await_ready();
  void await_suspend(std::coroutine_handle<>);
  T await_resume();
};
#include <cstdio>
#include <string>

Task<std::string> consulta_dados() {
  std::printf("Consultando dados...\n");
  co_return "dados";
}

Task<int> processa_dados(const std::string &dados) {
  std::printf("Processando %s...\n", dados.c_str());
  co_return 0;
}

Task<int> grava_log() {
  std::printf("Gravando log...\n");
  co_return 0;
}

Task<int> main_coroutine() {
  std::string dados = co_await consulta_dados();  // no finding: processa_dados needs dados
  co_await processa_dados(dados);  // expect: coro-sequential-await
  co_await grava_log();            // runs alongside processa_dados once gathered: 4 s, not 6
  co_return 0;
}
