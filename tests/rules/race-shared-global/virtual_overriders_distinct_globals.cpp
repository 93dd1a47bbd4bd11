// Two overriders of the same virtual write two different globals, and each thread only ever runs
// one of the objects, so no global is shared between the threads.
#include <thread>

long audio_frames = 0;
long video_frames = 0;

struct Decoder {
  virtual ~Decoder() = default;
  virtual void decode(int n) = 0;
};

struct AudioDecoder : Decoder {
  void decode(int n) override { audio_frames += n; }  // no finding: only thread a calls it
};

struct VideoDecoder : Decoder {
  void decode(int n) override { video_frames += n; }  // no finding: only thread v calls it
};

static void pump(Decoder *d) {
  for (int i = 0; i < 100; ++i)
    d->decode(2);
}

int main() {
  AudioDecoder audio;
  VideoDecoder video;
  std::thread a(pump, &audio);
  std::thread v(pump, &video);
  a.join();
  v.join();
  return audio_frames + video_frames == 400 ? 0 : 1;  // no finding: after the joins
}
