from recommender.entry import main

main()
